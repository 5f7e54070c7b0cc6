package solve

import (
	"os"
	"strconv"
)

func expInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

var (
	expConstruct = expInt("EXP_CONSTRUCT", 0)
	expSweeps    = expInt("EXP_SWEEPS", 50)
	expLinePct   = expInt("EXP_LINEPCT", 50)
	expLLPct     = expInt("EXP_LLPCT", 0)
	expW         = expInt("EXP_W", 0)
	expChainPct  = expInt("EXP_CHAINPCT", 0)
	expT0        = expInt("EXP_T0", 20)
	expT1        = expInt("EXP_T1", 3)
	expCycle     = expInt("EXP_CYCLE", 200)
)
