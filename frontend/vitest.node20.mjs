// Vitest 5 asks for Node.js 22; the machines here run 20, which lacks
// Map.groupBy (used when Vitest reports a failure). Add it when missing.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, key) {
    const m = new Map();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      const list = m.get(k);
      if (list) list.push(item);
      else m.set(k, [item]);
    }
    return m;
  };
}
