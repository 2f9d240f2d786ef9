import axe from "axe-core";

/**
 * axe-core's accessibility violations in a rendered subtree, one line each ("label: input#x").
 * Colour contrast is left to the browser tests: jsdom lays nothing out, so axe cannot measure it
 * here (nor whether a button's visible words are in its name, which e2e's axe checks too). "region" (all content inside landmarks) is about a whole page: on only with `page`, and
 * then pass `document.body` (axe judges landmarks from the page's top).
 */
export async function axeViolations(node: Element, { page = false } = {}): Promise<string[]> {
  const result = await axe.run(node, {
    rules: { "color-contrast": { enabled: false }, region: { enabled: page } },
  });
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}
