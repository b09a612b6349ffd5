package main

// The figures, by hand. Expected progress is completed months ÷ 12: 25%,
// 50%, 75%, 100% at the quarter ends. Q1: P1 300,000 ÷ 1,200,000 = 25.00%;
// P2 150,000 ÷ 3,000,000 = 5.00% (20 points behind: red, more than the 10
// of yellow); P3 160,000 ÷ 800,000 = 20.00% (5 behind: yellow); P4 0%.
// Total 610,000 ÷ 7,000,000 = 8.714…% → 8.71%. At the end of August P2 has
// 1,500,000 (50%) and P4 500,000 (25%), both budgets ≥ 2,000,000 and below
// 60%: key monitoring from Q3. Q4: P2 2,400,000 = 80%, P3 780,000 = 97.50%,
// P4 1,500,000 = 75%; total 5,880,000 = 84.00%. Year end: unspent 600,000 +
// 20,000 + 500,000 = 112.00万元; P4 continues, so its 50.00万元 is carried
// over (75% ≥ 60%, kept); the 62.00万元 surplus of P2 and P3 is recovered.
func Example() {
	main()
	// Output:
	// Q1 2021-03-31: executed 61.00万元 of 700.00万元 (8.71%), 3 of 4 projects behind
	//   P1 green   25.00% of  25.00% expected
	//   P2 red      5.00% of  25.00% expected  notify, rectify
	//   P3 yellow  20.00% of  25.00% expected  notify
	//   P4 red      0.00% of  25.00% expected  notify, rectify
	//   rectifications not done: 2 of 2
	// Q2 2021-06-30: executed 240.00万元 of 700.00万元 (34.29%), 2 of 4 projects behind
	//   P1 green   50.00% of  50.00% expected
	//   P2 red     30.00% of  50.00% expected  interview
	//   P3 green   50.00% of  50.00% expected
	//   P4 red     25.00% of  50.00% expected  interview
	//   rectifications not done: 2 of 2
	// Q3 2021-09-30: executed 430.00万元 of 700.00万元 (61.43%), 2 of 4 projects behind
	//   P1 green   75.00% of  75.00% expected
	//   P2 red     60.00% of  75.00% expected  key monitoring, interview, suspend
	//   P3 green   75.00% of  75.00% expected
	//   P4 red     50.00% of  75.00% expected  key monitoring, interview, suspend
	//   rectifications not done: 2 of 2
	// Q4 2021-12-31: executed 588.00万元 of 700.00万元 (84.00%), 3 of 4 projects behind
	//   P1 green  100.00% of 100.00% expected
	//   P2 red     80.00% of 100.00% expected  key monitoring, suspend
	//   P3 yellow  97.50% of 100.00% expected  notify
	//   P4 red     75.00% of 100.00% expected  key monitoring, suspend
	//   rectifications not done: 2 of 2
	// year end: unspent 112.00万元, carried over 50.00万元, surplus 62.00万元, recovered 62.00万元
}
