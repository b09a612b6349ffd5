package report

// css is the page's only stylesheet, inline. Fonts are system stacks: the
// CJK faces of Windows, macOS and Linux by name, no web fonts.
const css = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--head:#a61b1b;--band:#f6f8fa;
--s0:#2f5d8a;--s1:#c8782a;--s2:#4f8f4f;--s3:#8a4f8a}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;line-height:1.6;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
.site{background:var(--head);color:#fff;padding:.8rem 1.5rem}
.site .name{font-size:1.3rem;font-weight:700;letter-spacing:.05em}
.crumbs{font-size:.85rem;color:var(--muted);padding:.5rem 1.5rem;border-bottom:1px solid var(--line)}
main{max-width:1240px;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;text-align:center;margin:1rem 0 .3rem}
.meta{text-align:center;color:var(--muted);font-size:.9rem;border-bottom:1px dashed var(--line);padding-bottom:.6rem}
nav.toc ol{columns:2;font-size:.95rem}
h2{font-size:1.25rem;border-left:4px solid var(--head);padding-left:.5rem;margin-top:2.2rem}
h3{font-size:1.05rem;margin-top:1.5rem}
.figure{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,7fr);gap:1.2rem;align-items:start;margin:.8rem 0}
.figure svg{width:100%;height:auto}
.figure .tbl{overflow-x:auto}
@media (max-width:900px){.figure{grid-template-columns:minmax(0,1fr)}}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;vertical-align:top}
thead th{background:var(--band)}
td:first-child{white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:600;background:var(--band)}
.finding{border:1px solid #d4a72c;background:#fff8c5;padding:.5rem .8rem}
.ok{color:#1a7f37}.bad{color:#cf222e;font-weight:600}
.note{color:var(--muted);font-size:.85rem}
.portal table{font-size:.85rem}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.8rem;padding:1rem 1.5rem;text-align:center}
svg.chart text{font-size:12px;fill:var(--ink);font-family:inherit}
svg.chart text.cat,svg.chart text.tick{text-anchor:end}
svg.chart text.per,svg.chart text.pt{text-anchor:middle}
svg.chart text.val,svg.chart text.pt{fill:var(--muted)}
svg.chart .axis{stroke:var(--ink);stroke-width:1}
svg.chart .grid{stroke:var(--line);stroke-width:1}
svg.chart .s0{fill:var(--s0);stroke:var(--s0)}svg.chart .s1{fill:var(--s1);stroke:var(--s1)}
svg.chart .s2{fill:var(--s2);stroke:var(--s2)}svg.chart .s3{fill:var(--s3);stroke:var(--s3)}
svg.chart rect{stroke:none}
svg.chart .ln{fill:none;stroke-width:2.5}
@media print{
@page{size:A4;margin:15mm}
.site,.crumbs,nav.toc{display:none}
body{font-size:10.5pt}
main{max-width:none;padding:0}
h2{break-before:auto;break-after:avoid}
h3{break-after:avoid}
.figure,table,.finding{break-inside:avoid}
thead{display:table-header-group}
.figure{grid-template-columns:minmax(0,1fr)}
.figure svg{max-width:16cm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
`
