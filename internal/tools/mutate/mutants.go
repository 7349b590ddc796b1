package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// mutant is one small change to one source file: the bytes [start, end) of file are
// replaced by repl.
type mutant struct {
	pkg   string // the package directory, relative to the module root
	file  string // the file, relative to the module root
	line  int
	col   int
	start int
	end   int
	orig  string
	repl  string
	kind  string
}

// String names the mutant as file:line:column kind: orig → repl.
func (m mutant) String() string {
	return fmt.Sprintf("%s:%d:%d %s: %q → %q", m.file, m.line, m.col, m.kind, m.orig, m.repl)
}

// boundary swaps a relational operator for its boundary neighbour.
var boundary = map[token.Token]string{token.LSS: "<=", token.LEQ: "<", token.GTR: ">=", token.GEQ: ">"}

// negation swaps a comparison for its negation.
var negation = map[token.Token]string{
	token.EQL: "!=", token.NEQ: "==", token.LSS: ">=", token.GEQ: "<", token.GTR: "<=", token.LEQ: ">",
}

// arithmetic swaps an arithmetic operator.
var arithmetic = map[token.Token]string{
	token.ADD: "-", token.SUB: "+", token.MUL: "/", token.QUO: "*", token.REM: "*",
	token.ADD_ASSIGN: "-=", token.SUB_ASSIGN: "+=", token.INC: "--", token.DEC: "++",
}

// logical swaps && and ||.
var logical = map[token.Token]string{token.LAND: "||", token.LOR: "&&"}

// quietCalls are calls whose removal only changes logs or metrics; removing them is not
// a useful mutant, so they are left alone.
var quietCalls = map[string]bool{
	"Debug": true, "Info": true, "Warn": true, "Error": true, "Printf": true, "Println": true,
	"Print": true, "Fprintf": true, "Fprintln": true, "Inc": true, "Observe": true, "Helper": true,
	"Log": true, "Logf": true, "DebugContext": true, "InfoContext": true, "WarnContext": true,
	"ErrorContext": true,
}

// generate returns every mutant of the non-test Go files of the package directory pkg
// (relative to root), in file and position order.
func generate(root, pkg string) ([]mutant, error) {
	dir := filepath.Join(root, pkg)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read package %s: %w", pkg, err)
	}
	var out []mutant
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		ms, err := fileMutants(root, filepath.Join(pkg, name))
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].start < out[j].start
	})
	return out, nil
}

// fileMutants parses one file and lists its mutants.
func fileMutants(root, rel string) ([]mutant, error) {
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", rel, err)
	}
	if ast.IsGenerated(f) {
		return nil, nil
	}
	m := &mutator{fset: fset, src: src, rel: rel}
	ast.Inspect(f, m.visit)
	return m.out, nil
}

// mutator collects the mutants of one parsed file.
type mutator struct {
	fset *token.FileSet
	src  []byte
	rel  string
	out  []mutant
}

// add records replacing the source from pos to end with repl.
func (m *mutator) add(pos, end token.Pos, repl, kind string) {
	p := m.fset.Position(pos)
	e := m.fset.Position(end).Offset
	m.out = append(m.out, mutant{
		pkg: filepath.Dir(m.rel), file: m.rel, line: p.Line, col: p.Column, start: p.Offset, end: e,
		orig: string(m.src[p.Offset:e]), repl: repl, kind: kind,
	})
}

// op records replacing the operator tok at pos with repl.
func (m *mutator) op(pos token.Pos, tok token.Token, repl, kind string) {
	m.add(pos, pos+token.Pos(len(tok.String())), repl, kind)
}

// visit lists the mutants of one node; false skips its children (imports, and the
// arguments of a log call, which only change the log).
func (m *mutator) visit(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.GenDecl:
		return x.Tok != token.IMPORT
	case *ast.CallExpr:
		return !quiet(x)
	case *ast.BinaryExpr:
		m.binary(x)
	case *ast.AssignStmt:
		if r, ok := arithmetic[x.Tok]; ok && !isStringLit(x.Rhs) {
			m.op(x.TokPos, x.Tok, r, "arithmetic")
		}
	case *ast.IncDecStmt:
		m.op(x.TokPos, x.Tok, arithmetic[x.Tok], "arithmetic")
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			m.add(x.OpPos, x.OpPos+1, "", "negation")
		}
	case *ast.ReturnStmt:
		m.returnErr(x)
	case *ast.ExprStmt:
		if c, ok := x.X.(*ast.CallExpr); ok && !quiet(c) {
			call := string(m.src[m.fset.Position(x.Pos()).Offset:m.fset.Position(x.End()).Offset])
			m.add(x.Pos(), x.End(), "if false { "+call+" }", "call-removed")
		}
	case *ast.BasicLit:
		if r, ok := constMutant(x.Value); ok && x.Kind == token.INT {
			m.add(x.Pos(), x.End(), r, "constant")
		}
	case *ast.Ident:
		m.boolean(x)
	}
	return true
}

// binary mutates an operator: a boundary moved, a comparison negated, arithmetic or
// logic swapped.
func (m *mutator) binary(x *ast.BinaryExpr) {
	if r, ok := boundary[x.Op]; ok {
		m.op(x.OpPos, x.Op, r, "boundary")
	}
	if r, ok := negation[x.Op]; ok {
		m.op(x.OpPos, x.Op, r, "negation")
	}
	if r, ok := arithmetic[x.Op]; ok && !isStringish(x) {
		m.op(x.OpPos, x.Op, r, "arithmetic")
	}
	if r, ok := logical[x.Op]; ok {
		m.op(x.OpPos, x.Op, r, "logical")
	}
}

// returnErr makes a return of err return nil.
func (m *mutator) returnErr(x *ast.ReturnStmt) {
	if len(x.Results) == 0 {
		return
	}
	if id, ok := x.Results[len(x.Results)-1].(*ast.Ident); ok && id.Name == "err" {
		m.add(id.Pos(), id.End(), "nil", "return-nil")
	}
}

// boolean flips a true or a false.
func (m *mutator) boolean(x *ast.Ident) {
	switch x.Name {
	case "true":
		m.add(x.Pos(), x.End(), "false", "constant")
	case "false":
		m.add(x.Pos(), x.End(), "true", "constant")
	}
}

// quiet reports whether c is a logging or metrics call.
func quiet(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "slog" || id.Name == "log" || id.Name == "fmt" && strings.HasPrefix(sel.Sel.Name, "Fprint")) {
		return true
	}
	if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
		return false // fmt.Sprintf/Errorf build values
	}
	return quietCalls[sel.Sel.Name]
}

// isStringish reports whether a + has a string literal on either side (a mutant that
// cannot compile).
func isStringish(x *ast.BinaryExpr) bool {
	if x.Op != token.ADD {
		return false
	}
	return isStringLit([]ast.Expr{x.X, x.Y})
}

// isStringLit reports whether any of es is a string literal.
func isStringLit(es []ast.Expr) bool {
	for _, e := range es {
		if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
			return true
		}
		if b, ok := e.(*ast.BinaryExpr); ok && isStringish(b) {
			return true
		}
	}
	return false
}

// constMutant changes an integer literal: 0 → 1, 1 → 0, n → n+1.
func constMutant(v string) (string, bool) {
	n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64)
	if err != nil {
		return "", false
	}
	switch n {
	case 0:
		return "1", true
	case 1:
		return "0", true
	}
	return strconv.FormatInt(n+1, 10), true
}
