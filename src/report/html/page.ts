// The page shell: document head (CSP that forbids every network load), header, table of contents, sections,
// the embedded report JSON and the inline script.

import { escapeHtml, jsonForScript } from './escape.js';
import { SCRIPT } from './script.js';
import { CSS } from './styles.js';

export interface PageSection {
  id: string;
  title: string;
  /** Shorter title for the table of contents. */
  navTitle?: string;
  intro?: string;
  body: string;
  /** Id to give the heading (defaults to `${id}-h`). */
  headingId?: string;
}

export interface PageParts {
  title: string;
  header: string;
  sections: PageSection[];
  footer: string;
  data: unknown;
}

/**
 * Nothing may load from anywhere: styles and script are inline, images are inline SVG (data: allowed for the
 * favicon so the browser does not go looking for one).
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'";

export function renderPage(parts: PageParts): string {
  const nav = parts.sections
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.navTitle ?? s.title)}</a></li>`)
    .join('');
  const sections = parts.sections
    .map((s) => {
      const hid = s.headingId ?? `${s.id}-h`;
      return (
        `<section class="report-section" id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(hid)}">` +
        `<h2 id="${escapeHtml(hid)}">${escapeHtml(s.title)}</h2>` +
        (s.intro ? `<p class="section-intro">${s.intro}</p>` : '') +
        s.body +
        `</section>\n`
      );
    })
    .join('');
  return (
    '<!DOCTYPE html>\n' +
    '<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="generator" content="kubesleuth">\n' +
    '<link rel="icon" href="data:,">\n' +
    `<title>${escapeHtml(parts.title)}</title>\n` +
    `<style>${CSS}</style>\n</head>\n<body>\n` +
    '<a class="skip-link" href="#main">Skip to the report</a>\n' +
    `<header class="page-header"><div class="inner">${parts.header}</div></header>\n` +
    `<nav class="toc" aria-label="Report sections"><div class="inner"><ul>${nav}</ul></div></nav>\n` +
    `<main id="main" tabindex="-1">\n${sections}</main>\n` +
    `<footer>${parts.footer}</footer>\n` +
    `<script type="application/json" id="report-data">${jsonForScript(parts.data)}</script>\n` +
    `<script>${SCRIPT}</script>\n` +
    '</body>\n</html>\n'
  );
}
