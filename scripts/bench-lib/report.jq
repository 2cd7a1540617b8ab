# Renders the scripts/bench report from hyperfine's JSON exports and the RSS figures.
# Inputs (jq --slurpfile/--arg): $s startup.json, $f filter.json, $r rss.json (name -> KiB),
# $why (why ccs has no filter figure, when it has none), $head (the report's heading line).
# Ratios and PASS/MISS use mean wall time, as hyperfine reports it; the cpu rows (user + sys)
# are steadier on a loaded machine and are shown for judgement.

def tools: ["ccs", "jq", "gojq", "jaq"];
def lpad($n): tostring | (" " * ($n - length)) + .;
def round2: . * 100 | round / 100;
def ms: . * 1000 | if . < 10 then round2 elif . < 100 then (. * 10 | round / 10) else round end
  | tostring + " ms";
def mb: . * 1024 / 1000000 | . * 10 | round / 10;   # KiB -> MB (10^6 bytes)
def by_name($h; f): $h[0].results | map({key: .command, value: f}) | from_entries;
def row($title; $m):
  $title + (tools | map(if $m[.] then $m[.] | ms else "n/a" end | lpad(11)) | join(""))
  + (tools[1:] | map(if $m.ccs and $m[.] then $m.ccs / $m[.] | round2 else "n/a" end | lpad(9))
     | join(""));
def target($name; $wall; $cpu; $reason):
  if $wall.ccs then
    "  \(if $wall.ccs <= $wall.jq then "PASS" else "MISS" end)  \($name) <= 1.0x jq"
    + "   (\($wall.ccs / $wall.jq | round2)x wall, \($cpu.ccs / $cpu.jq | round2)x cpu)"
  else "  MISS  \($name) <= 1.0x jq   (ccs: \($reason))" end;

by_name($s; .mean) as $sw | by_name($s; .user + .system) as $sc |
by_name($f; .mean) as $fw | by_name($f; .user + .system) as $fc | $r[0] as $rss |
$head,
"                 " + (tools | map(lpad(11)) | join(""))
  + (["ccs/jq", "ccs/gojq", "ccs/jaq"] | map(lpad(9)) | join("")),
row("startup  wall  "; $sw), row("         cpu   "; $sc),
row("filter   wall  "; $fw), row("         cpu   "; $fc),
"peak RSS of the filter: "
  + (tools | map("\(.) " + if $rss[.] then "\($rss[.] | mb) MB" else "n/a" end) | join(", ")),
"targets",
target("startup"; $sw; $sc; "not runnable"),
target("filter "; $fw; $fc; $why),
if $rss.ccs then
  "  \(if ($rss.ccs | mb) <= 100 then "PASS" else "MISS" end)  peak RSS <= 100 MB (\($rss.ccs | mb) MB)"
else "  MISS  peak RSS <= 100 MB (ccs: \($why))" end
