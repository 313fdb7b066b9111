/**
 * The diagnosis measured on every shipped broken client against the shipped fixtures: each names its
 * declared mistake in at least 95% of the cases it fails, never names a mistake it does not make, and
 * localises every failing case it gets outputs for; over all clients at least 70% are named.
 */
import assert from "node:assert";
import {
  brokenClients,
  measureBrokenClients,
  renderScoreTable,
} from "../../src/oracle/broken_clients.ts";
import { NODE } from "./helpers.ts";

Deno.test("every broken client declares the mistake it makes", async () => {
  const clients = await brokenClients();
  assert.ok(clients.length >= 14);
  for (const c of clients) assert.ok(c.mistakes.length > 0, `${c.file} declares no "Oracle name"`);
});

Deno.test("the diagnosis names and localises the broken clients' failing cases", async () => {
  const rows = await measureBrokenClients({ node: NODE });
  const table = renderScoreTable(rows).join("\n");
  for (const r of rows) {
    assert.ok(r.failing > 0, `${r.file} fails no case\n${table}`);
    assert.ok(
      r.named >= 0.95 * r.compared,
      `${r.file}: named in ${r.named} of ${r.compared}: ${
        r.unnamed.slice(0, 5).join(", ")
      }\n${table}`,
    );
    assert.strictEqual(r.misnamed, 0, `${r.file}: a mistake it does not make is named\n${table}`);
    assert.strictEqual(
      r.localised,
      r.compared,
      `${r.file}: a failing case is not localised\n${table}`,
    );
  }
  const named = rows.reduce((s, r) => s + r.named, 0);
  const compared = rows.reduce((s, r) => s + r.compared, 0);
  assert.ok(named >= 0.7 * compared, table);
});
