-- 0001: the project history (项目年度档案). Portable SQL: it runs unchanged
-- on SQLite and PostgreSQL. Amounts are TEXT holding exact decimal strings
-- in yuan (never a floating type); booleans are INTEGER 0/1; a month is
-- TEXT "YYYY-MM" ('' when missing). Statements end with ';' at the end of
-- a line and hold no ';' inside.

-- A project (预算项目) as the project library knows it; its per-year
-- submissions are in project_years.
CREATE TABLE projects (
    project_id TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    unit_id    TEXT NOT NULL
);

-- One project in one fiscal year: the submission, its budget execution
-- and what it asks for next year. seq orders the records of a year as they
-- were imported (replay order); goals_kind and goals_date name the goal
-- version in force (NULL: no goals); recorded_policy_* name the policy of
-- the decisions recorded with the record (NULL: none recorded), whose
-- stages are rows of decisions with run_id 'recorded'; record_digest is
-- the SHA-256 of the record's JSON document as imported (a re-import of the
-- same record is a no-op, of a different one under the same key an error).
CREATE TABLE project_years (
    project_id              TEXT    NOT NULL REFERENCES projects (project_id),
    fiscal_year             INTEGER NOT NULL,
    seq                     BIGINT  NOT NULL,
    round                   INTEGER NOT NULL,
    name                    TEXT    NOT NULL,
    unit_id                 TEXT    NOT NULL,
    kind                    TEXT    NOT NULL,
    is_new                  INTEGER NOT NULL,
    category                TEXT    NOT NULL,
    basis                   TEXT    NOT NULL,
    content                 TEXT    NOT NULL,
    period_start            TEXT    NOT NULL,
    period_end              TEXT    NOT NULL,
    total_investment        TEXT    NOT NULL,
    invested_to_date        TEXT    NOT NULL,
    amount                  TEXT    NOT NULL,
    fund_source             TEXT    NOT NULL,
    host                    TEXT,
    experts                 TEXT,
    initial_budget          TEXT    NOT NULL,
    adjusted_budget         TEXT    NOT NULL,
    continuing              INTEGER NOT NULL,
    months                  INTEGER NOT NULL,
    carry_over              TEXT    NOT NULL,
    requested               TEXT    NOT NULL,
    goals_kind              TEXT,
    goals_date              TEXT,
    recorded_policy_id      TEXT,
    recorded_policy_version TEXT,
    recorded_policy_hash    TEXT,
    record_digest           TEXT    NOT NULL,
    PRIMARY KEY (project_id, fiscal_year)
);
CREATE INDEX project_years_order ON project_years (fiscal_year, seq, project_id);

-- The detailed cost estimate (明细测算), line_no from 1 in the order given.
CREATE TABLE cost_lines (
    project_id    TEXT    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    line_no       INTEGER NOT NULL,
    item          TEXT    NOT NULL,
    specification TEXT    NOT NULL,
    quantity      TEXT    NOT NULL,
    unit          TEXT    NOT NULL,
    unit_price    TEXT    NOT NULL,
    amount        TEXT    NOT NULL,
    standard_id   TEXT    NOT NULL,
    PRIMARY KEY (project_id, fiscal_year, line_no),
    FOREIGN KEY (project_id, fiscal_year) REFERENCES project_years (project_id, fiscal_year)
);

-- Versions of a project's performance goals (绩效目标): kind is
-- 'submitted' (申报), 'approved' (批复) or 'adjusted' (调整), version_date
-- "YYYY-MM-DD" ('' when the source gave none); tree is the goal tree as
-- JSON (goals.Tree).
CREATE TABLE goal_versions (
    project_id   TEXT    NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('submitted', 'approved', 'adjusted')),
    version_date TEXT    NOT NULL,
    tree         TEXT    NOT NULL,
    PRIMARY KEY (project_id, fiscal_year, kind, version_date)
);

-- Payments (支付记录): the amount spent in each month of the year.
CREATE TABLE payments (
    project_id  TEXT    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount      TEXT    NOT NULL,
    PRIMARY KEY (project_id, fiscal_year, month),
    FOREIGN KEY (project_id, fiscal_year) REFERENCES project_years (project_id, fiscal_year)
);

-- The year's final evaluation: source 'self' (单位自评) or 'key' (重点评价),
-- score 0-100 and attainment 0-1, exact decimals.
CREATE TABLE evaluations (
    project_id  TEXT    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    score       TEXT    NOT NULL,
    attainment  TEXT    NOT NULL,
    PRIMARY KEY (project_id, fiscal_year),
    FOREIGN KEY (project_id, fiscal_year) REFERENCES project_years (project_id, fiscal_year)
);

-- Documents that go with the history: the organisation tree (org.json)
-- and the expenditure standards (standards.json), as JSON.
CREATE TABLE documents (
    name TEXT NOT NULL PRIMARY KEY,
    body TEXT NOT NULL
);
