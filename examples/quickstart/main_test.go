package main

// 3,386.97 ÷ 17,702.19 = 0.191330… → 19.13% at two places, half up.
func Example() {
	main()
	// Output:
	// submitted: 177021900 yuan = 17,702.19万元
	// reduction rate: 19.13%
}
