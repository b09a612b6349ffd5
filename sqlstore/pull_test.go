package sqlstore_test

import "iter"

func iterPull[K, V any](s iter.Seq2[K, V]) (func() (K, V, bool), func()) { return iter.Pull2(s) }
