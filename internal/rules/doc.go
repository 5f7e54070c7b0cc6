// Package rules is rotaguard's contract rules engine: the 2016 terms and
// conditions for resident doctors in England (2016 and 2019 versions), the
// 2002 New Deal with its banding, and the Working Time Regulations 1998,
// as versioned rule sets held in embedded JSON files (rulesets/), checked
// against a doctor's rostered periods.
//
// Findings explain themselves: each names the rule id, the doctor, the
// exact window, the measured value and the limit, with a sentence a rota
// coordinator understands. Violations and warnings (near a limit) are
// kept apart; for New Deal doctors the report also gives the band.
//
// The package imports only the standard library and roster.
package rules
