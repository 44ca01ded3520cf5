package jobtype

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"fieldbook/backend/fieldbook"
)

// Limits on what a bundle may hold.
const (
	MaxFileBytes      = 8 << 20 // an imported file
	MaxJobTypes       = 200     // per bundle
	MaxTemplates      = 200     // per bundle
	MaxDocuments      = 50      // per job type
	MaxFields         = 50      // extra fields per job type
	MaxOptions        = 100     // per choice field
	MaxGroups         = 100     // per template
	MaxItems          = 1000    // per template, all groups together
	MaxKeyLen         = 64      // keys: a-z, 0-9, _
	MaxNameRunes      = 200     // names and labels
	MaxUnitRunes      = 20      // units of number items
	MaxHintRunes      = 1000    // item hints
	MaxVersion        = 1000000 // template versions
	MaxValues         = 500000  // JSON values in a file
	maxReportedErrors = 100     // more are summarised in one line
	maxStoredErrors   = 10000   // more are only counted
)

// Options change what Parse accepts.
type Options struct {
	// KnownTemplates are checklist template keys already stored that
	// document types in the bundle may refer to.
	KnownTemplates []string
	// Stored are the template versions already stored. A template in the
	// bundle with the key and version of a stored one must be identical to
	// it; otherwise its version must be higher than every stored version of
	// its key (see CheckUpgrade). Their keys count as known templates.
	Stored []Template
}

// Parse reads a bundle of job types and checklist templates from JSON. It
// either returns the whole bundle or, when anything is wrong, a
// *fieldbook.Error with code EINVALID listing every problem found: one
// FieldError per problem whose Field is the JSON path of the value (e.g.
// "checklist_templates[0].groups[1].items[3].kind", "" for the file as a
// whole) and whose messages start with the line: "第 12 行：…" / "line 12: …".
//
// Importing is all or nothing: store a bundle only when Parse returned no
// error, and store all of it.
func Parse(data []byte) (Bundle, error) { return ParseWith(data, Options{}) }

// ParseWith is Parse checking references and versions against what is
// already stored.
func ParseWith(data []byte, opts Options) (Bundle, error) {
	p := &parser{data: data, offsets: map[string]int{}}
	var b Bundle
	if !p.syntax() {
		return Bundle{}, p.err()
	}
	p.decode(p.root, reflect.ValueOf(&b).Elem(), "")
	// Check the meaning even after type errors, to report every problem;
	// values that failed to decode are not reported again.
	p.bad = make(map[string]bool, len(p.errs))
	p.badInside = make(map[string]bool, len(p.errs))
	for _, e := range p.errs {
		p.bad[e.field.Field] = true
		for path := e.field.Field; path != ""; {
			path = path[:max(strings.LastIndexAny(path, ".["), 0)]
			p.badInside[path] = true
		}
	}
	p.semantic = true
	validate(&b, opts, p)
	if len(p.errs) > 0 {
		return Bundle{}, p.err()
	}
	return b, nil
}

// Export writes b as stable, indented JSON: fields in a fixed order, lists in
// b's order, a newline at the end. It refuses a bundle Parse would refuse,
// so an exported file always imports.
func Export(b Bundle) ([]byte, error) {
	if b.Format == "" {
		b.Format = Format
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return nil, fieldbook.Wrap(err, fieldbook.EINVALID, "无法导出：含有无效的数值。", "Cannot export: the bundle holds an invalid number.")
	}
	if _, err := Parse(buf.Bytes()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// node is a JSON value with the byte offset where it starts.
type node struct {
	kind  byte // '{', '[', '"', '0' (number), 'b' (bool), 'n' (null)
	off   int
	str   string // string, or the number's literal
	b     bool
	keys  []string
	koffs []int
	elems []*node // object values (parallel to keys) or array elements
}

type located struct {
	off   int
	seq   int
	field fieldbook.FieldError
}

type parser struct {
	data    []byte
	root    *node
	offsets map[string]int // JSON path → offset of its value
	lines   []int          // offsets where lines start, once needed
	errs    []located      // the first maxStoredErrors problems
	total   int            // problems found
	// After decoding: the paths that failed to decode, whose values (and
	// whatever is inside them) the semantic checks must not report again.
	semantic  bool
	bad       map[string]bool
	badInside map[string]bool // values holding a value that failed
}

// add records a problem at path; its line is that of the value at path or,
// when the value is missing, of the nearest enclosing value.
func (p *parser) add(path, zh, en string) {
	if p.semantic && p.decodeFailed(path) {
		return
	}
	p.addAt(p.locate(path), path, zh, en)
}

// decodeFailed reports whether path, an enclosing value or a value inside
// it failed to decode.
func (p *parser) decodeFailed(path string) bool {
	if len(p.bad) == 0 {
		return false
	}
	if p.badInside[path] {
		return true
	}
	for {
		if p.bad[path] {
			return true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return path != "" && p.bad[""]
		}
		path = path[:i]
	}
}

func (p *parser) addAt(off int, path, zh, en string) {
	p.total++
	if len(p.errs) >= maxStoredErrors {
		return
	}
	line, _ := p.position(off)
	p.errs = append(p.errs, located{off: off, seq: len(p.errs), field: fieldbook.FieldError{Field: path,
		Message: fieldbook.Message{ZH: fmt.Sprintf("第 %d 行：%s", line, zh), EN: fmt.Sprintf("line %d: %s", line, en)}}})
}

// line is the line of the value at path (or of its nearest enclosing value).
func (p *parser) line(path string) int {
	l, _ := p.position(p.locate(path))
	return l
}

func (p *parser) locate(path string) int {
	for {
		if off, ok := p.offsets[path]; ok {
			return off
		}
		if path == "" {
			return 0
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// position returns the 1-based line and column (in characters) of offset.
func (p *parser) position(off int) (line, col int) {
	off = min(max(off, 0), len(p.data))
	if p.lines == nil {
		p.lines = []int{0}
		for i, c := range p.data {
			if c == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	}
	line, found := slices.BinarySearch(p.lines, off)
	if !found {
		line-- // the last line start before off
	}
	return line + 1, utf8.RuneCount(p.data[p.lines[line]:off]) + 1
}

func (p *parser) err() error {
	slices.SortStableFunc(p.errs, func(a, b located) int {
		if a.off != b.off {
			return a.off - b.off
		}
		return a.seq - b.seq
	})
	n := p.total
	fields := make([]fieldbook.FieldError, 0, min(n, maxReportedErrors)+1)
	for _, e := range p.errs[:min(len(p.errs), maxReportedErrors)] {
		fields = append(fields, e.field)
	}
	if n > maxReportedErrors {
		fields = append(fields, fieldbook.FieldError{Message: fieldbook.Message{
			ZH: fmt.Sprintf("还有 %d 处错误未列出。", n-maxReportedErrors),
			EN: fmt.Sprintf("%d more errors not listed.", n-maxReportedErrors)}})
	}
	e := fieldbook.Errorf(fieldbook.EINVALID,
		fmt.Sprintf("导入文件有 %d 处错误，未导入任何内容。请修改后重新导入。", n),
		fmt.Sprintf("The file has %d error(s); nothing was imported. Fix them and import again.", n))
	if n == 1 {
		e.EN = "The file has an error; nothing was imported. Fix it and import again."
	}
	e.Fields = fields
	return e
}

// syntax checks that data is one UTF-8 JSON value and builds the tree.
func (p *parser) syntax() bool {
	if len(p.data) > MaxFileBytes {
		p.addAt(0, "", fmt.Sprintf("文件过大（%d 字节），最大 %d 字节。", len(p.data), MaxFileBytes),
			fmt.Sprintf("the file is too large (%d bytes); at most %d bytes.", len(p.data), MaxFileBytes))
		return false
	}
	// A UTF-8 byte order mark, as Windows Notepad writes, is no error.
	p.data = bytes.TrimPrefix(p.data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(p.data)) == 0 {
		p.addAt(0, "", "文件是空的。", "the file is empty.")
		return false
	}
	if !utf8.Valid(p.data) {
		off := 0
		for off < len(p.data) {
			r, size := utf8.DecodeRune(p.data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		_, col := p.position(off)
		p.addAt(off, "", fmt.Sprintf("第 %d 列：文件不是 UTF-8 编码。请用 UTF-8 编码保存（记事本：另存为 → 编码选 UTF-8）。", col),
			fmt.Sprintf("column %d: the file is not UTF-8. Save it as UTF-8 (Notepad: Save As → Encoding UTF-8).", col))
		return false
	}
	if !json.Valid(p.data) {
		var raw json.RawMessage
		err := json.Unmarshal(p.data, &raw) // for the error's offset
		var se *json.SyntaxError
		off, msg := len(p.data), "invalid JSON"
		if err != nil {
			msg = err.Error()
		}
		if errors.As(err, &se) {
			off = int(se.Offset)
			if msg != "unexpected end of JSON input" {
				off-- // Offset counts the offending byte
			}
		}
		_, col := p.position(off)
		zh, en := syntaxMessage(msg)
		p.addAt(off, "", fmt.Sprintf("第 %d 列：JSON 格式错误：%s", col, zh),
			fmt.Sprintf("column %d: invalid JSON: %s", col, en))
		return false
	}
	if off, n := countValues(p.data); n > MaxValues {
		p.addAt(off, "", fmt.Sprintf("文件内容过多：超过 %d 个值。", MaxValues), fmt.Sprintf("the file holds too much: over %d values.", MaxValues))
		return false
	}
	p.root, _ = p.value(0)
	return true
}

// countValues counts the values in valid JSON data, up to MaxValues+1,
// and returns the offset where it stopped.
func countValues(data []byte) (off, n int) {
	n = 1
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == '[' || c == '{'):
			if n++; n > MaxValues {
				return i, n
			}
		}
	}
	return len(data), n
}

// syntaxMessage explains an encoding/json syntax error in both languages.
func syntaxMessage(msg string) (zh, en string) {
	switch {
	case msg == "unexpected end of JSON input":
		return "文件意外结束：缺少右括号 } 或 ]，或引号未闭合。", "unexpected end of file: a closing } or ] or a quote is missing."
	case strings.Contains(msg, "after object key:value pair"), strings.Contains(msg, "after array element"):
		return "此处前面缺少逗号，或多了字符。", "a comma is missing before this point, or there is a stray character (" + msg + ")."
	case strings.Contains(msg, "looking for beginning of object key string"):
		return "此处应为带双引号的字段名（是否多了一个逗号？）。", "a field name in double quotes is expected here (a trailing comma?) (" + msg + ")."
	case strings.Contains(msg, "after object key"):
		return "字段名后面缺少冒号 :。", "a colon is missing after the field name (" + msg + ")."
	case strings.Contains(msg, "looking for beginning of value"):
		return "此处应为一个值（文本要用英文双引号，是否多了逗号？）。", "a value is expected here (text needs straight double quotes; a trailing comma?) (" + msg + ")."
	case strings.Contains(msg, "in string literal"):
		return "文本中含有不允许的字符（换行或制表符要写成 \\n、\\t）。", "a character not allowed inside a string (write newlines and tabs as \\n, \\t) (" + msg + ")."
	case strings.Contains(msg, "after top-level value"):
		return "文件中只能有一个 JSON 对象，此处有多余内容。", "only one JSON object may be in the file; there is more after it (" + msg + ")."
	case strings.Contains(msg, "exceeded max depth"):
		return "嵌套层数过多。", "nested too deeply."
	}
	return "无法识别的内容（" + msg + "）。", msg + "."
}

// skip returns the offset of the first byte at or after off that is not
// white space.
func (p *parser) skip(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n':
			off++
			continue
		}
		break
	}
	return off
}

// value builds the tree of the value at off, in data already known to be
// valid JSON, and returns the offset after it.
func (p *parser) value(off int) (*node, int) {
	off = p.skip(off)
	n := &node{off: off}
	switch c := p.data[off]; c {
	case '{', '[':
		n.kind = c
		off = p.skip(off + 1)
		for p.data[off] != c+2 { // '}' and ']' are '{'+2 and '['+2
			if c == '{' {
				koff := off
				var key string
				key, off = p.str(off)
				off = p.skip(off) + 1 // the colon
				n.keys = append(n.keys, key)
				n.koffs = append(n.koffs, koff)
			}
			var v *node
			v, off = p.value(off)
			n.elems = append(n.elems, v)
			off = p.skip(off)
			if p.data[off] == ',' {
				off = p.skip(off + 1)
			}
		}
		return n, off + 1
	case '"':
		n.kind = '"'
		n.str, off = p.str(off)
		return n, off
	case 't', 'f':
		n.kind, n.b = 'b', c == 't'
		if n.b {
			return n, off + len("true")
		}
		return n, off + len("false")
	case 'n':
		n.kind = 'n'
		return n, off + len("null")
	}
	n.kind = '0'
	end := off
	for end < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[end]) >= 0 {
		end++
	}
	n.str = string(p.data[off:end])
	return n, end
}

// str reads the string at off and returns it and the offset after it.
func (p *parser) str(off int) (string, int) {
	end, escaped := off+1, false
	for p.data[end] != '"' {
		if p.data[end] == '\\' {
			escaped = true
			end++
		}
		end++
	}
	raw := p.data[off : end+1]
	if !escaped {
		return string(raw[1 : len(raw)-1]), end + 1
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		panic("jobtype: string in valid JSON does not decode: " + err.Error())
	}
	return s, end + 1
}

var kindNames = map[byte][2]string{
	'{': {"对象 {…}", "an object {…}"},
	'[': {"列表 […]", "a list […]"},
	'"': {"文本", "a string"},
	'0': {"数字", "a number"},
	'b': {"true 或 false", "true or false"},
	'n': {"null", "null"},
}

func (p *parser) mismatch(n *node, path string, want byte) {
	w, g := kindNames[want], kindNames[n.kind]
	p.addAt(n.off, path, fmt.Sprintf("应为%s，实际是%s。", w[0], g[0]), fmt.Sprintf("must be %s, not %s.", w[1], g[1]))
}

// jsonName is the JSON name of a struct field, "" for fields JSON ignores.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// decode stores n into v, the value at path, recording every mismatch.
// JSON null leaves v at its zero value.
func (p *parser) decode(n *node, v reflect.Value, path string) {
	p.offsets[path] = n.off
	if n.kind == 'n' {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.kind != '{' {
			p.mismatch(n, path, '{')
			return
		}
		names, index := structFields(v.Type())
		seen := make(map[string]int, len(n.keys))
		for i, key := range n.keys {
			at := join(path, key)
			if prev, dup := seen[key]; dup {
				line, _ := p.position(prev)
				p.addAt(n.koffs[i], at, fmt.Sprintf("字段 %q 重复出现（第 %d 行已有）。", key, line),
					fmt.Sprintf("field %q appears twice (also at line %d).", key, line))
				continue
			}
			seen[key] = n.koffs[i]
			fi, ok := index[key]
			if !ok {
				zh, en := fmt.Sprintf("未知字段 %q", key), fmt.Sprintf("unknown field %q", key)
				if s := suggest(key, names); s != "" {
					zh += fmt.Sprintf("（是否应为 %q？）", s)
					en += fmt.Sprintf(" (did you mean %q?)", s)
				} else {
					zh += "（可用：" + strings.Join(names, ", ") + "）"
					en += " (known: " + strings.Join(names, ", ") + ")"
				}
				p.addAt(n.koffs[i], at, zh+"。", en+".")
				continue
			}
			p.decode(n.elems[i], v.Field(fi), at)
		}
	case reflect.Slice:
		if n.kind != '[' {
			p.mismatch(n, path, '[')
			return
		}
		if len(n.elems) == 0 {
			return // nil, as Export omits empty lists
		}
		s := reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems))
		for i, e := range n.elems {
			p.decode(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.kind != '"' {
			p.mismatch(n, path, '"')
			return
		}
		v.SetString(n.str)
	case reflect.Bool:
		if n.kind != 'b' {
			p.mismatch(n, path, 'b')
			return
		}
		v.SetBool(n.b)
	case reflect.Int:
		if n.kind != '0' {
			p.mismatch(n, path, '0')
			return
		}
		i, err := strconv.ParseInt(n.str, 10, 32)
		if err != nil {
			p.addAt(n.off, path, fmt.Sprintf("应为整数，实际是 %s。", n.str), fmt.Sprintf("must be a whole number, not %s.", n.str))
			return
		}
		v.SetInt(i)
	case reflect.Pointer: // *float64
		if n.kind != '0' {
			p.mismatch(n, path, '0')
			return
		}
		f, err := strconv.ParseFloat(n.str, 64)
		if err != nil {
			p.addAt(n.off, path, fmt.Sprintf("数值 %s 超出范围。", n.str), fmt.Sprintf("the number %s is out of range.", n.str))
			return
		}
		v.Set(reflect.ValueOf(&f))
	default:
		panic("jobtype: cannot decode into " + v.Type().String())
	}
}

var fieldCache sync.Map // reflect.Type → structInfo

type structInfo struct {
	names []string       // JSON names in field order
	index map[string]int // JSON name → field index
}

// structFields returns the JSON field names of struct type t.
func structFields(t reflect.Type) ([]string, map[string]int) {
	if c, ok := fieldCache.Load(t); ok {
		si := c.(structInfo)
		return si.names, si.index
	}
	si := structInfo{index: map[string]int{}}
	for i := range t.NumField() {
		if name := jsonName(t.Field(i)); name != "" {
			si.names = append(si.names, name)
			si.index[name] = i
		}
	}
	fieldCache.Store(t, si)
	return si.names, si.index
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest returns the name in names closest to s, if it is close.
func suggest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(strings.ToLower(s), n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, counted in bytes and
// capped for long strings.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
