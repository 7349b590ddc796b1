package city

import (
	"context"
	"fmt"
)

// DemoTree is the demo's centers: a city, districts, streets and a community point,
// with codes in Guangzhou's pattern (made up below the districts).
var DemoTree = []Center{
	{"440100", "广州市政务服务中心", "city", ""},
	{"440104", "越秀区政务服务中心", "district", "440100"},
	{"440106", "天河区政务服务中心", "district", "440100"},
	{"440105", "海珠区政务服务中心", "district", "440100"},
	{"440104001", "北京街政务服务中心", "street", "440104"},
	{"440104002", "人民街政务服务中心", "street", "440104"},
	{"440106001", "五山街政务服务中心", "street", "440106"},
	{"440106002", "石牌街政务服务中心", "street", "440106"},
	{"440105001", "江南中街政务服务中心", "street", "440105"},
	{"440104001001", "北京街某社区服务站", "community", "440104001"},
}

// SeedDemo adds the demo tree (parents first) and returns each center's new token.
func SeedDemo(ctx context.Context, s *Store) (map[string]string, error) {
	tokens := map[string]string{}
	for _, c := range DemoTree {
		t, err := s.AddCenter(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("demo tree: %w", err)
		}
		tokens[c.Code] = t
	}
	return tokens, nil
}
