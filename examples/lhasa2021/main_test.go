package main

import "os"

// The seed's figures, by hand (the projects behind the ex-ante rounds are
// synthetic fixtures calibrated to these totals; the seed says all 40 were
// assessed, so none is cut in full):
//
//	一上 3,386.97 ÷ 17,702.19 = 0.191330… → 19.13%
//	二上 1,761.29 ÷ 3,436.29  = 0.512558… → 51.26%
//	deep 2021: 1 + 12 + 2 + 0 = 15; 1 ÷ 15 = 6.67%, 12 ÷ 15 = 80.00%, 2 ÷ 15 = 13.33%
//	key 2020: 8 ÷ 66 = 12.1212…% → 12.12, 35 ÷ 66 = 53.03, 20 ÷ 66 = 30.30,
//	3 ÷ 66 = 4.5454…% → 4.55; no split of 56 gives these shares, 66 is the
//	smallest total that does.
func Example() {
	if err := run(os.Stdout, "../../testdata"); err != nil {
		panic(err)
	}
	// Output:
	// Lhasa finance bureau, 2021 (拉财字〔2022〕9号), from project-level data
	// (the totals are the report's, checked by hand; the projects behind them are synthetic fixtures calibrated to them)
	// ex-ante round 1: 35 projects, 17,702.19万元 submitted, 3,386.97万元 reduced, rate 19.13%
	// ex-ante round 2: 5 projects, 3,436.29万元 submitted, 1,761.29万元 reduced, rate 51.26%
	//   40 of 40 projects assessed and fundable; reductions not on a cost line: 0
	// deep2021: 15 projects, 115,346.26万元: 优 1 (6.67%), 良 12 (80.00%), 中 2 (13.33%), 差 0 (0.00%)
	//   published 15 projects: count matches true, amount matches true, shares match true
	// key2020: 66 projects, 309,162.34万元: 优 8 (12.12%), 良 35 (53.03%), 中 20 (30.30%), 差 3 (4.55%)
	//   published 56 projects: count matches false, amount matches true, shares match true
	//   No whole-number split of 56 gives the stated shares (excellent 12.12%, good 53.03%, fair 30.30%, poor 4.55%) when rounded half up to 2 decimals. The smallest total that does is 66 (excellent 8, good 35, fair 20, poor 3). Either the total or the shares were misprinted.
}
