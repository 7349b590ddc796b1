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
	var out []mutant
	add := func(pos token.Pos, end token.Pos, repl, kind string) {
		p := fset.Position(pos)
		e := fset.Position(end).Offset
		out = append(out, mutant{
			pkg: filepath.Dir(rel), file: rel, line: p.Line, col: p.Column, start: p.Offset, end: e,
			orig: string(src[p.Offset:e]), repl: repl, kind: kind,
		})
	}
	op := func(pos token.Pos, tok token.Token, repl, kind string) {
		add(pos, pos+token.Pos(len(tok.String())), repl, kind)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GenDecl:
			if x.Tok == token.IMPORT {
				return false
			}
		case *ast.CallExpr:
			if quiet(x) {
				return false // the arguments of a log call only change the log
			}
		case *ast.BinaryExpr:
			if r, ok := boundary[x.Op]; ok {
				op(x.OpPos, x.Op, r, "boundary")
			}
			if r, ok := negation[x.Op]; ok {
				op(x.OpPos, x.Op, r, "negation")
			}
			if r, ok := arithmetic[x.Op]; ok && !isStringish(x) {
				op(x.OpPos, x.Op, r, "arithmetic")
			}
			if r, ok := logical[x.Op]; ok {
				op(x.OpPos, x.Op, r, "logical")
			}
		case *ast.AssignStmt:
			if r, ok := arithmetic[x.Tok]; ok && !isStringLit(x.Rhs) {
				op(x.TokPos, x.Tok, r, "arithmetic")
			}
		case *ast.IncDecStmt:
			op(x.TokPos, x.Tok, arithmetic[x.Tok], "arithmetic")
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				add(x.OpPos, x.OpPos+1, "", "negation")
			}
		case *ast.ReturnStmt:
			if len(x.Results) > 0 {
				last := x.Results[len(x.Results)-1]
				if id, ok := last.(*ast.Ident); ok && id.Name == "err" {
					add(id.Pos(), id.End(), "nil", "return-nil")
				}
			}
		case *ast.ExprStmt:
			if c, ok := x.X.(*ast.CallExpr); ok && !quiet(c) {
				add(x.Pos(), x.End(), "if false { "+string(src[fset.Position(x.Pos()).Offset:fset.Position(x.End()).Offset])+" }", "call-removed")
			}
		case *ast.BasicLit:
			if x.Kind == token.INT {
				if r, ok := constMutant(x.Value); ok {
					add(x.Pos(), x.End(), r, "constant")
				}
			}
		case *ast.Ident:
			if x.Name == "true" {
				add(x.Pos(), x.End(), "false", "constant")
			} else if x.Name == "false" {
				add(x.Pos(), x.End(), "true", "constant")
			}
		}
		return true
	})
	return out, nil
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
