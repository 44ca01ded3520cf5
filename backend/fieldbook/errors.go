// Package fieldbook holds the domain of Fieldbook: its types, validation rules
// and error codes. It does no I/O and knows nothing of Wails or SQL.
package fieldbook

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are stable strings: the frontend and the hub protocol see them.
const (
	EINVALID  = "invalid"   // input failed validation; see Error.Fields
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the change collides with the current state
	ELOCKED   = "locked"    // the data directory is used by another instance
	ECORRUPT  = "corrupt"   // the database file is not a usable database
	EIO       = "io"        // the disk refused: full, read-only, missing permission
	EINTERNAL = "internal"  // a bug or an unexpected failure
)

// Message is a user-facing text in both of the product's languages.
type Message struct {
	ZH string `json:"message"`
	EN string `json:"message_en"`
}

// FieldError is a validation message attached to one form field. Field is the
// JSON path of the field, e.g. "technician.phone".
type FieldError struct {
	Field string `json:"field"`
	Message
}

// Error is a domain error: a code, a bilingual message for the user and,
// for invalid input, a message per field.
type Error struct {
	Code string
	Message
	Fields []FieldError
	Err    error // the underlying cause, for logs; never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.EN)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.EN)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with code and a message in Chinese and English.
func Errorf(code, zh, en string) *Error {
	return &Error{Code: code, Message: Message{ZH: zh, EN: en}}
}

// Wrap returns an Error with code and message whose cause is err.
func Wrap(err error, code, zh, en string) *Error {
	e := Errorf(code, zh, en)
	e.Err = err
	return e
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not domain
// errors, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Payload is what the frontend receives for a failed call.
type Payload struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	MessageEN string       `json:"message_en"`
	Fields    []FieldError `json:"fields,omitempty"`
}

// ToPayload turns any error into what the frontend shows. Errors that are not
// domain errors become a generic internal error; their text stays in the logs.
func ToPayload(err error) Payload {
	var e *Error
	if errors.As(err, &e) {
		return Payload{Code: e.Code, Message: e.ZH, MessageEN: e.EN, Fields: e.Fields}
	}
	return Payload{
		Code:      EINTERNAL,
		Message:   "内部错误，请重试；如果问题持续，请联系管理员。",
		MessageEN: "Internal error. Please try again; if it persists, contact your administrator.",
	}
}

// Validation collects field errors while a value is checked.
type Validation struct {
	fields []FieldError
}

// Add records a message for field.
func (v *Validation) Add(field, zh, en string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: Message{ZH: zh, EN: en}})
}

// Include adds the fields a refusal (an EINVALID Error) lists, each under
// prefix ("customer." …), and returns nil; any other error is returned as it
// is, and nil adds nothing.
func (v *Validation) Include(prefix string, err error) error {
	var e *Error
	if err == nil || !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) == 0 {
		return err
	}
	for _, f := range e.Fields {
		v.fields = append(v.fields, FieldError{Field: prefix + f.Field, Message: f.Message})
	}
	return nil
}

// Err returns nil when nothing was added, or an EINVALID Error listing every field.
func (v *Validation) Err() error {
	if e := v.Refusal(); e != nil {
		return e
	}
	return nil
}

// Refusal is Err as the *Error itself (nil when nothing was added), for a
// caller that passes refusals on as *Error.
func (v *Validation) Refusal() *Error {
	if len(v.fields) == 0 {
		return nil
	}
	e := Errorf(EINVALID, "请检查标出的字段。", "Please check the marked fields.")
	e.Fields = v.fields
	return e
}
