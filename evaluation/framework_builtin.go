package evaluation

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

func fwPts(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func fwCrit(id, name, w string, sub ...Criterion) Criterion {
	return Criterion{ID: id, Name: name, Weight: fwPts(w), Sub: sub}
}

func fwKinded(k CriterionKind, c Criterion) Criterion { c.Kind = k; return c }

// KeyFramework returns the common framework of key and deep evaluations
// (重点评价, 深度绩效评价) after 财预〔2020〕10号: decision (决策) 20, process
// (过程) 20, output (产出) 30 and benefit (效益) 30 points, each split into
// sub-indicators (二级/三级指标) scored in points, graded by the national
// scheme ([performance.DefaultScheme]: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below),
// total rounded half up to 2 places. Output and benefit must weigh at least
// 60 together. It returns a fresh value that the caller may change (weights
// are configurable; Validate checks the floor).
//
// Sources, by figure:
//   - the four level-1 indicators 决策/过程/产出/效益: national, the
//     reference framework attached to 财预〔2020〕10号 (项目支出绩效评价指标
//     体系框架（参考）; attachment number not verified);
//   - output + benefit ≥ 60: national as a guideline, 财预〔2020〕10号
//     ("原则上" for evaluations by finance bureaus and departments; article
//     not verified);
//   - the split 20/20/30/30: the split the issue gives for the attachment,
//     not verified against the document's text (article not verified);
//     many provincial frameworks print it, others use 20/20/40/20;
//   - the sub-indicator points (D1 6, D11 3, …, B2 10): illustrative,
//     invented for the samples;
//   - the grade bands 90/80/60: national, the Ministry's unified bands
//     (优 90–100, 良 80–89, 中 60–79, 差 0–59), see [performance.DefaultScheme];
//   - 2 places half up: illustrative, the report convention of the samples.
func KeyFramework() *Framework {
	return &Framework{
		ID:   "key",
		Name: "重点/深度绩效评价共性指标体系",
		Criteria: []Criterion{
			fwKinded(CriterionDecision, fwCrit("D", "决策", "20",
				fwCrit("D1", "项目立项", "6", fwCrit("D11", "立项依据充分性", "3"), fwCrit("D12", "立项程序规范性", "3")),
				fwCrit("D2", "绩效目标", "8", fwCrit("D21", "绩效目标合理性", "4"), fwCrit("D22", "绩效指标明确性", "4")),
				fwCrit("D3", "资金投入", "6", fwCrit("D31", "预算编制科学性", "3"), fwCrit("D32", "资金分配合理性", "3")),
			)),
			fwKinded(CriterionProcess, fwCrit("P", "过程", "20",
				fwCrit("P1", "资金管理", "12", fwCrit("P11", "资金到位率", "4"), fwCrit("P12", "预算执行率", "4"), fwCrit("P13", "资金使用合规性", "4")),
				fwCrit("P2", "组织实施", "8", fwCrit("P21", "管理制度健全性", "4"), fwCrit("P22", "制度执行有效性", "4")),
			)),
			fwKinded(CriterionOutput, fwCrit("O", "产出", "30",
				fwCrit("O1", "产出数量", "10"), fwCrit("O2", "产出质量", "10"),
				fwCrit("O3", "产出时效", "5"), fwCrit("O4", "产出成本", "5"),
			)),
			fwKinded(CriterionBenefit, fwCrit("B", "效益", "30",
				fwCrit("B1", "项目效益", "20"), fwCrit("B2", "满意度", "10"),
			)),
		},
		MinOutputBenefit: fwPts("60"),
		Places:           2,
		Scheme:           performance.DefaultScheme(),
	}
}

// DepartmentFramework returns a framework for the department-wide
// self-evaluation of spending (部门整体支出绩效自评): decision 10 (goal setting,
// budget allocation), process 30 (execution rate, budget adjustment,
// carry-overs, asset management, disclosure), output 30 (duties performed,
// key tasks) and benefit 30 (effect of duties, satisfaction), graded by the
// national scheme, total rounded half up to 2 places. It returns a fresh
// value.
//
// Sources: the grade bands are national (the Ministry's unified bands, see
// [performance.DefaultScheme]); the output + benefit ≥ 60 floor follows
// 财预〔2020〕10号's guideline for project evaluations (article not
// verified; no national figure for department-wide evaluation was found).
// The weights 10/30/30/30 and every sub-indicator's points are
// illustrative: invented for the samples after the shape of local
// department-wide frameworks; no national document sets them.
func DepartmentFramework() *Framework {
	return &Framework{
		ID:   "department",
		Name: "部门整体支出绩效自评指标体系",
		Criteria: []Criterion{
			fwKinded(CriterionDecision, fwCrit("DD", "决策", "10",
				fwCrit("DD1", "目标设定", "5"), fwCrit("DD2", "预算配置", "5"),
			)),
			fwKinded(CriterionProcess, fwCrit("DP", "过程", "30",
				fwCrit("DP1", "预算执行率", "10"), fwCrit("DP2", "预算调整率", "5"), fwCrit("DP3", "结转结余控制", "5"),
				fwCrit("DP4", "资产管理", "5"), fwCrit("DP5", "制度建设与信息公开", "5"),
			)),
			fwKinded(CriterionOutput, fwCrit("DO", "产出", "30",
				fwCrit("DO1", "重点工作完成", "20"), fwCrit("DO2", "职责履行质量", "10"),
			)),
			fwKinded(CriterionBenefit, fwCrit("DB", "效益", "30",
				fwCrit("DB1", "履职效益", "20"), fwCrit("DB2", "服务对象满意度", "10"),
			)),
		},
		MinOutputBenefit: fwPts("60"),
		Places:           2,
		Scheme:           performance.DefaultScheme(),
	}
}

// LoanFramework returns the framework of performance evaluation of projects
// financed by international financial organisations' loans (国际金融组织贷款项目
// 绩效评价): relevance (相关性) 20, efficiency (效率) 50, effectiveness (效果) 20
// and sustainability (可持续性) 10, each rated on its own four-step label
// scale worth 100%, 75%, 50% and 0% of its weight (efficiency: 100%, 75%,
// 50%, 25%), total rounded half up to 2 places and rated 非常成功 (highly
// successful, ≥ 90, 优), 成功 (successful, ≥ 75, 良), 部分成功 (partly
// successful, ≥ 60, 中) or 不成功 (unsuccessful, 差), the label computed from
// the total by the scheme's bands, never taken as input.
//
// Sources: the four criteria and their weights 20/50/20/10 are those of the
// Ministry of Finance's measures for evaluating international financial
// organisations' and foreign governments' loan and grant projects
// (国际金融组织和外国政府贷款赠款项目绩效评价管理办法, 财国合〔2019〕18号;
// article not verified), as the Sichuan finance department published them
// for an Asian Development Bank loan (资阳绿色转型和发展项目) evaluated
// March–May 2024 (verified: the published table lists 相关性 20%, 效率 50%,
// 效果 20%, 可持续性 10%; criteria scored out of 100 and
// weighted: relevance 100.00 → 20.00, efficiency 77.39 → 38.70,
// effectiveness 73.90 → 14.78, sustainability 92.00 → 9.20, total 82.68);
// criteria may be rated that way with [CriterionRating].Percent. The label shares
// and the band edges (90/75/60) and names are illustrative: the document's
// own bands were not checked. A bureau loads its own as data. It returns a
// fresh value.
func LoanFramework() *Framework {
	scale := func(names [4]string, shares [4]string) []Label {
		ls := make([]Label, 4)
		for i := range ls {
			ls[i] = Label{Name: names[i], Share: fwPts(shares[i])}
		}
		return ls
	}
	std := [4]string{"1", "0.75", "0.5", "0"}
	c := func(id, name, w string, s []Label) Criterion {
		return Criterion{ID: id, Name: name, Weight: fwPts(w), Scale: s}
	}
	return &Framework{
		ID:   "loan",
		Name: "国际金融组织贷款项目绩效评价",
		Criteria: []Criterion{
			c("relevance", "相关性", "20", scale([4]string{"高度相关", "相关", "部分相关", "不相关"}, std)),
			c("efficiency", "效率", "50", scale([4]string{"高效", "有效率", "部分有效率", "低效"}, [4]string{"1", "0.75", "0.5", "0.25"})),
			c("effectiveness", "效果", "20", scale([4]string{"高度有效", "有效", "部分有效", "无效"}, std)),
			c("sustainability", "可持续性", "10", scale([4]string{"很可能", "可能", "不太可能", "不可能"}, std)),
		},
		Places: 2,
		Scheme: performance.Scheme{Name: "loan", Bands: []performance.Band{
			{Label: "非常成功", Grade: performance.Excellent, Min: fwPts("90")},
			{Label: "成功", Grade: performance.Good, Min: fwPts("75")},
			{Label: "部分成功", Grade: performance.Fair, Min: fwPts("60")},
			{Label: "不成功", Grade: performance.Poor, Min: fwPts("0")},
		}},
	}
}

// FlagMissingMeasures marks a programme whose performance measures or their
// baselines are missing; under [PARTFramework] it triggers the rating
// Results Not Demonstrated.
const FlagMissingMeasures = "missing_measures"

// PARTFramework returns a framework after the US Program Assessment Rating
// Tool: sections purpose and design 20 (five yes/no questions of 4 points),
// strategic planning 10 (four of 2.5), management 20 (four of 5) and results
// 50 (five questions of 10 answered Yes, Large Extent, Small Extent or No for
// 100%, 67%, 33% or 0% of the points), total rounded half up to 2 places and
// rated Effective (≥ 85), Moderately Effective (≥ 70), Adequate (≥ 50) or
// Ineffective, except that a programme flagged [FlagMissingMeasures] is
// rated Results Not Demonstrated whatever its score (a scheme override).
// PART ratings map onto the national grades 优, 良, 中, 差 only as a
// convenience; Results Not Demonstrated maps to none. It returns a fresh
// value.
//
// Sources: not Chinese, and nothing here is national. The US Office of
// Management and Budget's PART (2002–2008): the section weights 20/10/20/50
// and Results Not Demonstrated are verified in the US Department of
// Education's FY2005 performance report ("program purpose and design
// (weighted 20 percent), strategic planning (10 percent), program
// management (20 percent), and program results/accountability (50
// percent)"; results not demonstrated "if the program does not have
// agreed-upon performance measures or lacks baseline performance data");
// the rating bands 85/70/50 only as third parties reproduce OMB's table
// (85–100, 70–84, 50–69; OMB's own table not seen). Illustrative: the
// question counts (18 here; ExpectMore.gov: "25 questions that are divided
// up into four sections"), the equal points per question and the 67%/33%
// shares of Large and Small Extent.
func PARTFramework() *Framework {
	yesNo := []Label{{Name: "Yes", Share: fwPts("1")}, {Name: "No", Share: fwPts("0")}}
	results := []Label{{Name: "Yes", Share: fwPts("1")}, {Name: "Large Extent", Share: fwPts("0.67")},
		{Name: "Small Extent", Share: fwPts("0.33")}, {Name: "No", Share: fwPts("0")}}
	section := func(id, name, w string, n int, each string, s []Label) Criterion {
		c := Criterion{ID: id, Name: name, Weight: fwPts(w), Scale: s}
		for i := 1; i <= n; i++ {
			c.Sub = append(c.Sub, Criterion{ID: id + "." + string(rune('0'+i)), Name: name + " Q" + string(rune('0'+i)), Weight: fwPts(each)})
		}
		return c
	}
	return &Framework{
		ID:   "part",
		Name: "Program Assessment Rating Tool",
		Criteria: []Criterion{
			section("purpose", "Program Purpose & Design", "20", 5, "4", yesNo),
			section("planning", "Strategic Planning", "10", 4, "2.5", yesNo),
			section("management", "Program Management", "20", 4, "5", yesNo),
			section("results", "Program Results/Accountability", "50", 5, "10", results),
		},
		Places: 2,
		Scheme: performance.Scheme{Name: "part", Bands: []performance.Band{
			{Label: "Effective", Grade: performance.Excellent, Min: fwPts("85")},
			{Label: "Moderately Effective", Grade: performance.Good, Min: fwPts("70")},
			{Label: "Adequate", Grade: performance.Fair, Min: fwPts("50")},
			{Label: "Ineffective", Grade: performance.Poor, Min: fwPts("0")},
		}, Overrides: []performance.Override{{Flag: FlagMissingMeasures, Label: "Results Not Demonstrated"}}},
	}
}
