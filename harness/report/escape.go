package report

import (
	"strconv"
	"strings"
)

// csvCell neutralises one CSV cell against formula injection, by OWASP's
// rule: a cell that starts with =, +, -, @, a tab or a carriage return is
// prefixed with a single quote, so that a spreadsheet shows it as text
// instead of evaluating it. Numbers are left as they are, signs and all
// ("-1.5", "+Inf"): a spreadsheet cannot run them, and every reader of the
// CSV must still see numeric columns as numbers.
func csvCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || isNumber(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a number in a form the report writes:
// decimal digits with an optional sign, point and exponent, or +Inf, -Inf
// and NaN. Forms that strconv also reads, such as hex floats ("-0x1p3"),
// are not numbers here: nothing the report writes looks like them.
func isNumber(s string) bool {
	switch s {
	case "+Inf", "-Inf", "NaN":
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	return strings.Trim(s, "0123456789+-.eE") == ""
}
