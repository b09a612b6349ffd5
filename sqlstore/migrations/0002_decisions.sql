-- 0002: the decision log (决策日志). A batch is written whole or not at all;
-- its digest makes a re-run of the same batch a no-op and a different batch
-- under the same id an error.
CREATE TABLE decision_batches (
    run_id    TEXT    NOT NULL,
    batch_id  TEXT    NOT NULL,
    digest    TEXT    NOT NULL,
    decisions INTEGER NOT NULL,
    PRIMARY KEY (run_id, batch_id)
);

-- One stage's decision for one project and year in one run: the policy
-- (id, version and the hash of everything that decides), the digest of the
-- inputs, the outcome (JSON), the deciding rules (JSON array of ids) and
-- the explanation. Stage is 'exante', 'alert', 'grade' or 'next_year'
-- (or a host's own stage name). batch_id is NULL for the decisions
-- recorded with an imported history (run_id 'recorded').
CREATE TABLE decisions (
    run_id         TEXT    NOT NULL,
    stage          TEXT    NOT NULL,
    project_id     TEXT    NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    batch_id       TEXT,
    policy_id      TEXT    NOT NULL,
    policy_version TEXT    NOT NULL,
    policy_hash    TEXT    NOT NULL,
    input_digest   TEXT    NOT NULL,
    outcome        TEXT    NOT NULL,
    result         TEXT    NOT NULL,
    rules          TEXT    NOT NULL,
    explanation_zh TEXT    NOT NULL,
    explanation_en TEXT    NOT NULL,
    PRIMARY KEY (run_id, stage, project_id, fiscal_year)
);
CREATE INDEX decisions_project ON decisions (project_id, fiscal_year);
CREATE INDEX decisions_policy ON decisions (policy_hash);

-- decision_log: every decision with its run, newest key last; filter by
-- project_id for "every decision of project X" and by policy_hash for
-- "every decision made by policy H".
CREATE VIEW decision_log AS
SELECT d.project_id, d.fiscal_year, d.stage, d.run_id, d.batch_id,
       d.policy_id, d.policy_version, d.policy_hash, d.input_digest,
       d.outcome, d.rules, d.explanation_zh, d.explanation_en
FROM decisions d;

-- decision_changes: pairs of runs that decided the same stage of the same
-- project and year differently (another result, or other inputs; filter
-- run_a and run_b); two policies that decide alike are no change. Decisions present
-- in one run only are in decision_only_in.
CREATE VIEW decision_changes AS
SELECT a.run_id AS run_a, b.run_id AS run_b, a.stage, a.project_id, a.fiscal_year,
       a.policy_hash AS policy_hash_a, b.policy_hash AS policy_hash_b,
       a.input_digest AS input_digest_a, b.input_digest AS input_digest_b,
       a.outcome AS outcome_a, b.outcome AS outcome_b, a.result AS result_a, b.result AS result_b
FROM decisions a
JOIN decisions b
  ON b.stage = a.stage AND b.project_id = a.project_id AND b.fiscal_year = a.fiscal_year
 AND b.run_id <> a.run_id
WHERE a.result <> b.result OR a.input_digest <> b.input_digest;

-- decision_only_in: for every ordered pair of runs, the decisions of run_a
-- that run_b does not have.
CREATE VIEW decision_only_in AS
SELECT r.run_id AS run_b, a.run_id AS run_a, a.stage, a.project_id, a.fiscal_year,
       a.policy_hash, a.outcome
FROM decisions a
JOIN (SELECT DISTINCT run_id FROM decisions) r ON r.run_id <> a.run_id
WHERE NOT EXISTS (
    SELECT 1 FROM decisions b
    WHERE b.run_id = r.run_id AND b.stage = a.stage
      AND b.project_id = a.project_id AND b.fiscal_year = a.fiscal_year);

-- policy_decisions: how many decisions each policy made, per stage.
CREATE VIEW policy_decisions AS
SELECT policy_hash, policy_id, policy_version, stage, COUNT(*) AS decisions
FROM decisions
GROUP BY policy_hash, policy_id, policy_version, stage;
