// Package launch opens a file in the program the system has for its type
// (a PDF in the PDF viewer), the way each platform does it: ShellExecute on
// Windows, open(1) on macOS, xdg-open elsewhere. Paths may hold any
// character a user's name or folder does, Chinese included.
package launch

// File asks the system to open path with its default program. It returns
// once the request is made, not when the program closes.
func File(path string) error { return open(path) }
