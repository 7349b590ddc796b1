package callerapp

import (
	"io"
	"testing"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{"defaults", nil, nil, Config{Server: "http://localhost:8080", Window: 1, Lang: "zh"}, false},
		{"flags", []string{"-server", "http://hall:9000", "-staff", "demo3", "-window", "3", "-lang", "en"}, nil,
			Config{Server: "http://hall:9000", Staff: "demo3", Window: 3, Lang: "en"}, false},
		{"environment", nil, map[string]string{"ONEDOOR_CALLER_SERVER": "http://env:1", "ONEDOOR_CALLER_STAFF": "demo2"},
			Config{Server: "http://env:1", Staff: "demo2", Window: 1, Lang: "zh"}, false},
		{"a flag beats the environment", []string{"-server", "http://flag:2"}, map[string]string{"ONEDOOR_CALLER_SERVER": "http://env:1"},
			Config{Server: "http://flag:2", Window: 1, Lang: "zh"}, false},
		{"cpu profile from the environment", nil, map[string]string{"ONEDOOR_CALLER_CPUPROFILE": "/tmp/c.prof"},
			Config{Server: "http://localhost:8080", Window: 1, Lang: "zh", CPUProfile: "/tmp/c.prof"}, false},
		{"bad language", []string{"-lang", "fr"}, nil, Config{}, true},
		{"unknown flag", []string{"-nope"}, nil, Config{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseConfig(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			got.SaveDir = ""
			if got != tc.want {
				t.Fatalf("config %+v, want %+v", got, tc.want)
			}
		})
	}
}
