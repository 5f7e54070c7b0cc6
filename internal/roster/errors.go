package roster

import (
	"errors"
	"fmt"
)

// Code classifies an error for programs; Error.Message is for people.
type Code string

// Error codes. The web layer maps each to one HTTP status in one place.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	Internal     Code = "internal"
)

// Error is the one domain error type. File and Line are set for errors
// found while reading an input file; Field names the offending field or
// column. Several Errors are joined with errors.Join so that a user sees
// every bad row at once.
type Error struct {
	Code    Code
	Message string
	Field   string
	File    string
	Line    int
}

func (e *Error) Error() string {
	var loc string
	switch {
	case e.File != "" && e.Line > 0:
		loc = fmt.Sprintf("%s:%d: ", e.File, e.Line)
	case e.File != "":
		loc = e.File + ": "
	case e.Line > 0:
		loc = fmt.Sprintf("line %d: ", e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s%s: %s", loc, e.Field, e.Message)
	}
	return loc + e.Message
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an Invalid *Error about one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's tree, Internal
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the human message of err: the message of the first
// *Error, or a generic text for internal errors, whose detail is for logs.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code Code) bool { return ErrorCode(err) == code }
