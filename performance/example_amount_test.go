package performance_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

func ExampleParseAmount() {
	for _, s := range []string{
		"17,702.19万元",    // as printed in the seed report
		"115 ,346.26 万元", // scanned, with stray spaces
		"3.5亿元",
		"１２，３４５．６元", // full-width
	} {
		yuan, err := performance.ParseAmount(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(yuan, "元")
	}

	_, err := performance.ParseAmount("12,34万元")
	var pe *performance.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Offset, errors.Is(err, performance.ErrGrouping))
		fmt.Println(err)
	}
	// Output:
	// 177021900 元
	// 1153462600 元
	// 350000000 元
	// 12345.6 元
	// 5 true
	// performance: parsing "12,34万元": misplaced thousands separator at byte 5
}

func ExampleParseAmountIn() {
	// A cell under a table heading "单位：万元".
	yuan, err := performance.ParseAmountIn("3,386.97", performance.Wan)
	if err != nil {
		panic(err)
	}
	fmt.Println(yuan)
	// Output: 33869700
}

func ExampleFormatAmount() {
	yuan := decimal.RequireFromString("177021900")
	fmt.Println(performance.FormatAmount(yuan, performance.Wan))
	fmt.Println(performance.FormatAmount(yuan, performance.Yi))
	fmt.Println(performance.FormatAmount(decimal.RequireFromString("1234.565"), performance.Yuan))
	fmt.Println(performance.FormatAmountPlaces(yuan, performance.Yi, 4))
	// Output:
	// 17,702.19万元
	// 1.77亿元
	// 1,234.57元
	// 1.7702亿元
}

func ExampleParsePercent() {
	for _, s := range []string{"19.13%", "51.26％", "19.13o/o"} {
		p, err := performance.ParsePercent(s)
		if err != nil {
			panic(err)
		}
		fmt.Println(p)
	}
	_, err := performance.ParsePercent("19.139毛")
	fmt.Println(errors.Is(err, performance.ErrUnit))
	// Output:
	// 19.13
	// 51.26
	// 19.13
	// true
}

// The reduction rate (审减率) of the seed's first round: 3,386.97万元 reduced
// out of 17,702.19万元 submitted.
func ExampleRatio_Percent() {
	reduced, _ := performance.ParseAmount("3,386.97万元")
	submitted, _ := performance.ParseAmount("17,702.19万元")
	rate, err := performance.NewRatio(reduced, submitted)
	if err != nil {
		panic(err)
	}
	fmt.Println(rate.Percent(2), rate.Percent(1))
	fmt.Println(rate.FormatPercent(2))

	_, err = performance.NewRatio(reduced, decimal.Zero)
	fmt.Println(err)
	// Output:
	// 19.13 19.1
	// 19.13%
	// performance: zero denominator
}
