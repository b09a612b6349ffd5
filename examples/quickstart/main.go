// Quickstart recomputes a published reduction rate (审减率) from the amounts
// as the report printed them: the Lhasa finance bureau's first-round
// ex-ante assessment, 3,386.97万元 reduced of 17,702.19万元 submitted, 19.13%.
package main

import (
	"fmt"
	"log"

	"github.com/jixiao-go/jixiao/performance"
)

func main() {
	submitted, err := performance.ParseAmount("17,702.19万元") // exact yuan: 177021900
	if err != nil {
		log.Fatal(err)
	}
	reduced, err := performance.ParseAmount("3,386.97万元")
	if err != nil {
		log.Fatal(err)
	}
	rate, err := performance.NewRatio(reduced, submitted) // exact, unrounded
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("submitted:", submitted, "yuan =", performance.FormatAmount(submitted, performance.Wan))
	fmt.Println("reduction rate:", performance.FormatPercent(rate.Percent(2), 2)) // half up, 2 places
}
