// Text from sources is data: everything shown goes through textContent, and the few places that build markup or URLs
// (the embed snippet, links to sources) go through these functions.

/** HTML-escapes text for an element or a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The URL if it is an absolute http(s) URL (a source link), else null: no javascript:, data: or relative links. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}
