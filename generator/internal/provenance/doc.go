// Package provenance checks that the transcribed data says what its sources say.
//
// Check runs two comparisons and reports every difference as file:line[:col]: message,
// naming both places: the data value's data/…/<file>:line:col and the source's file:line.
//
// # Each notice's data against its text
//
// Every folder of data/notices/ is a notice (data/notices/<notice id>/), checked on its own:
// its data files notice.yaml, rounds.yaml, process.yaml, fees.yaml, groups.yaml and
// contacts.yaml are compared with its text beside them, data/notices/<id>/<source_file of
// its notice.yaml>, and with no other notice's (the shared workdays.yaml and provinces.yaml
// are not compared with a notice). Four kinds of value are compared:
//
//   - dates: 2024-09-26 in the data; 9月26日, 09月14日 or 2024年9月26日 in the text, a date
//     without a year being read in notice.yaml's year;
//   - times: "14:00" in the data; in the text a time or a range 14:00-15:00, which is two
//     values, the start and the end;
//   - fees: yuan: 280 in the data; 280 元 in the text, with the level written before it
//     (初级 280 元/人次);
//   - numbers: phones (15850698632, 025-83152910), QQ group numbers and the account number,
//     that is any run of 5 digits or more or a landline; compared by their digits.
//
// Values are matched in context, not as one bag: the text's layout gives each value a
// place, and the data's keys give the same place.
//
//   - The table of section 一 (its header row names the columns 统考阶段, 考核日期, 考试科目,
//     考核时间, 报名截止时间; the rows that follow, blank or tab-separated, are its body): a
//     row with a 统考阶段 starts a round, matched to the round of rounds.yaml with that
//     name. Its 考核日期 dates are the round's days[].date, its 报名截止时间 date is the
//     round's registration_deadline, and the times of the n-th exam day's rows of a
//     subject (考试科目) are the start and end of that day's sessions of that subject
//     (subject ids are named by notice.yaml exam.subjects). So 11月23日, an exam day of
//     第五次统考 and the deadline of 第六次统考, is matched once in each place, and 14:00 once
//     per round, day and subject.
//   - A 群号 line is the group of the 群名称 line above it; the round named in that name
//     (2024年9月第三次统考群 → 第三次统考) is the context, matched to the group of
//     groups.yaml whose round has that name.
//   - A row of the contact table (header 联系人, 区域, 联系方式) is the regional contact of
//     contacts.yaml covering the same provinces, in any order (a contact is known by its
//     provinces, never by its name). A line "label：phone" outside a table is the office
//     contact whose role is the label without 联系方式 (1+X 办公室).
//   - A fee after a level (初级 280 元) is the fee of that level in fees.yaml levels; the
//     number of a 账号： line is fees.yaml account.number.
//
// In each context the data's values and the text's are compared as multisets. What is
// left on both sides is paired in order of position: each pair is one mismatch, reported
// at the data value with the text's value and line ("… is not in the notice; <text>:14 has
// 9月25日 there; change one so that both say the same"). A value left on one side only is
// reported on its side. A number found in another context (a group given to the wrong
// round) says where it is.
//
// Every other string of the data files is prose: the dates, times, fees and numbers in it
// (the fees quoted in fees.yaml standard, the date of notice.yaml updated) need only appear
// in the text, in the same context when they have one (a fee's level). Every value of the
// text outside the contexts above must appear somewhere in the data; it is reported as
// missing from the data file of its section (一 rounds.yaml, 二 notice.yaml, 三 process.yaml,
// 四 fees.yaml, 五 groups.yaml, 六 contacts.yaml). Numbers that are not strings in the data
// (minutes: 60, year: 2024) and links (join_url) are not values of these kinds.
//
// The notice's provenance.txt (data/notices/<id>/provenance.txt) lists what one side
// deliberately does not carry, one a line: "<value-or-key:> <file> <reason>". The first
// field is a value as written in that file (9月1日, 13851880423) or a key path of a data file
// with a trailing colon (updated:), which leaves out that key's value whatever it is; the
// file is the notice's text or one of its data files, named from the project root
// (data/notices/2024h2/notice.yaml), optionally with a line, file:line, to leave the value out
// on that line only (a correction of one session of a notice: "17:30
// data/notices/2025h1/rounds.yaml:17 …" and "17:00 data/notices/2025h1/notice-2025h1.txt:15 …").
// The reason is required, and a line that leaves nothing out is an error. The list applies only to this notice's comparison; a notice without one
// leaves nothing out.
//
// # The working days against the State Council's arrangement
//
// Each year of data/workdays.yaml, which every notice shares, has its source text beside it,
// data/workdays-<year>.txt: the wording of 国务院办公厅关于<year>年部分节假日安排的通知, its
// title on the first line. In the text, each section "一、元旦：…" names a holiday; its clause
// (clauses end at 。；，) with 放假 gives the days off (1月1日放假, 2月10日至17日放假调休,
// 5月31日至6月2日放假) and its clause with 上班 the make-up working days; a date without a
// month takes the month before it (至17日). Every holiday of the year in workdays.yaml
// must be there under the same name with the same first and last day, every workdays entry
// must be a 上班 day of the text (compared as sets), and the other way round. A year without
// its text, and a text without its year, are errors. A year's source: must name its text:
// the text's title, optionally followed by （…） holding a whole line of the text as written
// there, its document number or its date (国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）).
package provenance
