package docx

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// numbering is word/numbering.xml as far as the text needs it: for each numbering instance
// (w:num, by its w:numId) the levels of its abstract definition, which say how a numbered
// paragraph's label is written (a heading numbered by Word: 一、 is level 0 of
// chineseCounting with the text %1、).
type numbering map[string]*[9]level

type level struct {
	start  int
	format string // w:numFmt: decimal, chineseCounting, …
	text   string // w:lvlText: %1、, (%1), %1.%2, …
}

// readNumbering reads the numbering part b.
func readNumbering(b []byte) (numbering, error) {
	abstract := map[string]*[9]level{}
	numToAbstract := map[string]string{}
	var cur *[9]level
	var lvl = -1
	var num string
	err := walk(b, numberingPart, func(e xml.StartElement) {
		v, _ := attr(e, "val")
		switch e.Name.Local {
		case "abstractNum":
			id, _ := attr(e, "abstractNumId")
			cur = &[9]level{}
			for i := range cur {
				cur[i].start = 1
			}
			abstract[id] = cur
		case "lvl":
			il, _ := attr(e, "ilvl")
			lvl = -1
			if n, err := strconv.Atoi(il); err == nil && n >= 0 && n < 9 {
				lvl = n
			}
		case "start":
			if n, err := strconv.Atoi(v); err == nil && cur != nil && lvl >= 0 {
				cur[lvl].start = n
			}
		case "numFmt":
			if cur != nil && lvl >= 0 {
				cur[lvl].format = v
			}
		case "lvlText":
			if cur != nil && lvl >= 0 {
				cur[lvl].text = v
			}
		case "num":
			num, _ = attr(e, "numId")
		case "abstractNumId":
			if num != "" {
				numToAbstract[num] = v
			}
		}
	}, func(local string) {
		switch local {
		case "abstractNum":
			cur = nil
		case "lvl":
			lvl = -1
		case "num":
			num = ""
		}
	}, func(string) {})
	if err != nil {
		return nil, err
	}
	n := numbering{}
	for id, a := range numToAbstract {
		if levels, ok := abstract[a]; ok {
			n[id] = levels
		}
	}
	return n, nil
}

// label is the label Word shows before the next paragraph of the numbering instance id at
// level ilvl, counting it in counts (the instance's counters, deeper levels restarting).
func (n numbering) label(id string, ilvl int, counts map[string]*[9]int) string {
	levels, ok := n[id]
	if !ok || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	c := counts[id]
	if c == nil {
		c = &[9]int{}
		counts[id] = c
	}
	if c[ilvl] == 0 {
		c[ilvl] = levels[ilvl].start
	} else {
		c[ilvl]++
	}
	for deeper := ilvl + 1; deeper < 9; deeper++ {
		c[deeper] = 0
	}
	text := levels[ilvl].text
	for k := 8; k >= 0; k-- { // %10 is not a placeholder: Word has nine levels
		placeholder := "%" + strconv.Itoa(k+1)
		if !strings.Contains(text, placeholder) {
			continue
		}
		v := c[k]
		if v == 0 {
			v = levels[k].start
		}
		text = strings.ReplaceAll(text, placeholder, formatNumber(v, levels[k].format))
	}
	if levels[ilvl].format == "bullet" || levels[ilvl].format == "none" {
		return ""
	}
	return text
}

// formatNumber writes n as the number format says; formats the notices do not use are written
// in digits.
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand":
		if n > 0 && n < 100 {
			return chinese(n)
		}
	}
	return strconv.Itoa(n)
}

// chinese writes 1–99 in Chinese numerals, as Word's chineseCounting does: 一, 十, 十一, 二十一.
func chinese(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}
