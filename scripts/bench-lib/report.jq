# Renders the scripts/bench report from hyperfine's JSON exports and the RSS figures.
# Inputs (jq --slurpfile/--arg/--argjson): $s startup.json, $f filter.json, $r rss.json
# (name -> KiB), $scale scale.json ({records, seconds, cpu, kib, runs} of ccs over 10x the
# records, means of its runs, and the same for the base file as `base`, or {}), $size (stripped binary
# bytes, 0 when unknown), $records, $why (why ccs has no filter
# figure, when it has none), $head (the report's heading line).
# Ratios against other tools use median wall time (hyperfine's median): on this kind of VM the
# two-thread filter meets slow spells (a run of five can take twice the others), which a mean
# of five runs carries into the ratio and single-threaded tools do not meet. The cpu rows (mean
# user + sys) are shown for judgement. The 10x growth compares means (see scripts/bench).

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
def pass($ok): if $ok then "PASS" else "MISS" end;
# A ratio target against another tool: ccs / tool <= limit, on median wall time.
def ratio_target($name; $wall; $cpu; $tool; $limit; $reason):
  if $wall.ccs and $wall[$tool] then
    "  \(pass($wall.ccs / $wall[$tool] <= $limit))  \($name) <= \($limit)x \($tool)"
    + "   (\($wall.ccs / $wall[$tool] | round2)x wall, \($cpu.ccs / $cpu[$tool] | round2)x cpu)"
  else "  MISS  \($name) <= \($limit)x \($tool)   (ccs: \($reason))" end;
# Growth of a figure from the base run to the 10x run, per record for times.
def growth($a; $b): ($b / $a - 1) * 100 | round;

by_name($s; .median) as $sw | by_name($s; .user + .system) as $sc |
by_name($f; .median) as $fw | by_name($f; .user + .system) as $fc | $r[0] as $rss |
($scale[0] // {}) as $big |
$head,
"                 " + (tools | map(lpad(11)) | join(""))
  + (["ccs/jq", "ccs/gojq", "ccs/jaq"] | map(lpad(9)) | join("")),
row("startup  wall  "; $sw), row("         cpu   "; $sc),
row("filter   wall  "; $fw), row("         cpu   "; $fc),
"peak RSS of the filter: "
  + (tools | map("\(.) " + if $rss[.] then "\($rss[.] | mb) MB" else "n/a" end) | join(", ")),
(if $size > 0 then "stripped ccs binary: \($size / 1000000 | . * 10 | round / 10) MB" else empty end),
(if $big.seconds then
  "\($big.records) records: \($big.seconds | ms) wall, \($big.seconds / $big.records * 1e9 | round) ns/record"
  + " (cpu \($big.cpu / $big.records * 1e9 | round)) vs \($big.base.seconds / $big.base.records * 1e9 | round)"
  + " (cpu \($big.base.cpu / $big.base.records * 1e9 | round)) over \($big.base.records) (means of \($big.runs) and \($big.base.runs) runs);"
  + " peak RSS \($big.kib | mb) MB vs \($big.base.kib | mb) MB"
 else empty end),
"targets (issue 13)",
ratio_target("startup"; $sw; $sc; "jaq"; 2.0; "not runnable"),
(if $size > 0 then "  \(pass($size <= 30000000))  stripped binary <= 30 MB (\($size / 1000000 | . * 10 | round / 10) MB)"
 else "  MISS  stripped binary <= 30 MB (not measured)" end),
ratio_target("filter "; $fw; $fc; "jq"; 0.25; $why),
ratio_target("filter "; $fw; $fc; "jaq"; 0.35; $why),
if $rss.ccs then
  "  \(pass(($rss.ccs | mb) <= 12))  peak RSS <= 12 MB (\($rss.ccs | mb) MB)"
else "  MISS  peak RSS <= 12 MB (ccs: \($why))" end,
(if $big.seconds then
  growth($big.base.seconds / $big.base.records; $big.seconds / $big.records) as $t |
  growth($big.base.cpu / $big.base.records; $big.cpu / $big.records) as $c |
  growth($big.base.kib; $big.kib) as $m |
  "  \(pass($t <= 10 and $m <= 10))  10x the records: per-record time and RSS within 10% (time \($t)%, cpu \($c)%, RSS \($m)%)"
 else "  MISS  10x the records: not measured (--quick, or no ccs filter figure)" end)
