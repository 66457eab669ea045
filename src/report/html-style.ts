// The report page's stylesheet: CSS grid for the charts (one column on phones, two or three on wide
// screens), tables that scroll sideways on their own rather than the page, and light/dark colours
// from prefers-color-scheme that the charts read back as CSS variables.

export const STYLES = `
:root { --bg: #ffffff; --panel: #f6f8fa; --ink: #1f2328; --muted: #59636e; --grid: rgba(31,35,40,0.12);
  --shade: rgba(120,120,120,0.16); --c1: #0969da; --c2: #bf8700; --c3: #cf222e; --c4: #6e7781; --c5: #d1242f;
  --pass: #1a7f37; --fail: #cf222e; --inconclusive: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --panel: #161b22; --ink: #e6edf3; --muted: #9198a1; --grid: rgba(230,237,243,0.14);
    --shade: rgba(160,160,160,0.18); --c1: #58a6ff; --c2: #d29922; --c3: #ff7b72; --c4: #8b949e; --c5: #f85149;
    --pass: #3fb950; --fail: #f85149; --inconclusive: #d29922; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-x: hidden; }
header, main { max-width: 1400px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.35rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 24px 0 8px; }
.outcomes { margin: 0; color: var(--muted); }
.warnings { list-style: none; padding: 8px 12px; margin: 12px 0 0; background: var(--panel); border-radius: 6px; overflow-wrap: anywhere; }
.picker { margin: 0 0 12px; }
.picker select { font: inherit; color: var(--ink); background: var(--panel); border: 1px solid var(--grid); border-radius: 6px; padding: 2px 6px; max-width: min(100%, 40ch); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); gap: 16px; }
figure { margin: 0; background: var(--panel); border-radius: 8px; padding: 8px; min-width: 0; }
.chart { position: relative; height: 300px; width: 100%; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--grid); text-align: left; white-space: nowrap; }
thead th { color: var(--muted); font-weight: 600; }
tbody th { font-weight: 500; max-width: 32ch; overflow: hidden; text-overflow: ellipsis; }
tbody th.wide { max-width: none; white-space: normal; min-width: 16ch; }
td.num { text-align: right; }
/* The endpoint column stays in view while a wide table scrolls on a phone. */
#endpoints tbody th, #endpoints thead th:first-child { position: sticky; left: 0; background: var(--bg); }
tr.total th, tr.total td { border-top: 2px solid var(--grid); }
.note { color: var(--muted); }
td.sample { white-space: normal; min-width: 24ch; overflow-wrap: anywhere; }
.badge { display: inline-block; min-width: 1.4em; padding: 0 0.35em; border-radius: 0.7em; text-align: center; font-weight: 700; font-size: 0.85em; line-height: 1.4; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.inconclusive { background: var(--inconclusive); }
.badge.neutral { background: var(--c4); }
.badge.big { font-size: 1rem; vertical-align: 0.1em; }
b.pass { color: var(--pass); } b.fail { color: var(--fail); } b.inconclusive { color: var(--inconclusive); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 8px 24px; margin: 0; }
.facts div { min-width: 0; }
dt { color: var(--muted); font-size: 0.85rem; }
dd { margin: 0; overflow-wrap: anywhere; }
`;
