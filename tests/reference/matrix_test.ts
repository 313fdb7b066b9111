/**
 * Unit tests for src/reference/matrix.ts: every operation against hand-computed values, bias broadcasting along
 * rows and along columns, and every shape error with its message naming both shapes.
 */
import assert from "node:assert";
import {
  add,
  filled,
  hadamard,
  hconcat,
  map,
  matmul,
  Matrix,
  scale,
  shapeOf,
  sliceCols,
  sliceRows,
  sub,
  sumCols,
  sumRows,
  transpose,
  vconcat,
} from "../../src/reference/matrix.ts";

const A23 = () => Matrix.from([[1, 2, 3], [4, 5, 6]]);

Deno.test("Matrix stores values row-major with an explicit shape", async (t) => {
  await t.step("constructor() allocates zeros of the given shape", () => {
    const m = new Matrix(2, 3);
    assert.deepStrictEqual(m.shape, [2, 3]);
    assert.strictEqual(m.data.length, 6);
    assert.ok(m.data.every((x) => Object.is(x, 0)));
  });

  await t.step("constructor() wraps the given storage without copying", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const m = new Matrix(3, 2, data);
    assert.strictEqual(m.data, data);
    assert.strictEqual(m.get(2, 1), 6);
    assert.strictEqual(m.get(1, 0), 3);
  });

  await t.step("constructor() rejects a negative or fractional shape", () => {
    assert.throws(() => new Matrix(-1, 2), {
      name: "RangeError",
      message: "Cannot create a matrix of shape -1×2",
    });
    assert.throws(() => new Matrix(2, 1.5), {
      name: "RangeError",
      message: "Cannot create a matrix of shape 2×1.5",
    });
  });

  await t.step("constructor() rejects storage of the wrong length", () => {
    assert.throws(() => new Matrix(2, 2, new Float64Array(3)), {
      name: "RangeError",
      message: "Cannot create a 2×2 matrix from 3 values",
    });
  });

  await t.step("from() reads nested rows and get() indexes (i, j)", () => {
    const m = A23();
    assert.deepStrictEqual(m.shape, [2, 3]);
    assert.deepStrictEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
    assert.strictEqual(m.get(0, 2), 3);
    assert.strictEqual(m.get(1, 0), 4);
  });

  await t.step("from() of no rows is 0×0, of one empty row is 1×0", () => {
    assert.deepStrictEqual(Matrix.from([]).shape, [0, 0]);
    assert.deepStrictEqual(Matrix.from([[]]).shape, [1, 0]);
  });

  await t.step("from() rejects ragged rows, naming the row", () => {
    assert.throws(() => Matrix.from([[1, 2], [3]]), {
      name: "TypeError",
      message: "Cannot build a matrix: row 1 has 1 values, not 2",
    });
  });

  await t.step("column() builds an n×1 vector", () => {
    const v = Matrix.column([7, 8, 9]);
    assert.deepStrictEqual(v.shape, [3, 1]);
    assert.deepStrictEqual(v.toArrays(), [[7], [8], [9]]);
  });

  await t.step("set() writes one element in place", () => {
    const m = A23();
    m.set(1, 2, -5);
    assert.deepStrictEqual(m.toArrays(), [[1, 2, 3], [4, 5, -5]]);
  });

  await t.step("toArrays() returns plain rows", () => {
    assert.deepStrictEqual(A23().toArrays(), [[1, 2, 3], [4, 5, 6]]);
  });

  await t.step("clone() copies the storage", () => {
    const m = A23();
    const c = m.clone();
    c.set(0, 0, 100);
    assert.strictEqual(m.get(0, 0), 1);
    assert.notStrictEqual(c.data, m.data);
    assert.deepStrictEqual(c.shape, m.shape);
  });

  await t.step("shapeOf() prints rows×cols", () => {
    assert.strictEqual(shapeOf(A23()), "2×3");
    assert.strictEqual(shapeOf(new Matrix(0, 4)), "0×4");
  });
});

Deno.test("matmul() multiplies by hand-computed values", async (t) => {
  await t.step("matmul() of 2×3 and 3×2", () => {
    const B = Matrix.from([[7, 8], [9, 10], [11, 12]]);
    // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
    assert.deepStrictEqual(matmul(A23(), B).toArrays(), [[58, 64], [139, 154]]);
  });

  await t.step(
    "matmul() of a row and a column is their dot product, column by row their outer",
    () => {
      const r = Matrix.from([[1, -2, 0.5]]);
      const c = Matrix.column([4, 3, 2]);
      assert.deepStrictEqual(matmul(r, c).toArrays(), [[4 - 6 + 1]]);
      assert.deepStrictEqual(matmul(c, r).toArrays(), [[4, -8, 2], [3, -6, 1.5], [2, -4, 1]]);
    },
  );

  await t.step("matmul() by the identity leaves a matrix unchanged", () => {
    const I = Matrix.from([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.deepStrictEqual(matmul(A23(), I).toArrays(), A23().toArrays());
  });

  await t.step("matmul() over an empty inner dimension gives zeros", () => {
    const C = matmul(new Matrix(2, 0), new Matrix(0, 3));
    assert.deepStrictEqual(C.toArrays(), [[0, 0, 0], [0, 0, 0]]);
  });

  await t.step("matmul() leaves its operands unchanged", () => {
    const A = A23();
    const B = transpose(A23());
    matmul(A, B);
    assert.deepStrictEqual(A.toArrays(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual(B.toArrays(), [[1, 4], [2, 5], [3, 6]]);
  });

  await t.step("matmul() propagates NaN and Infinity through zero factors like IEEE 754", () => {
    // Σₚ aᵢₚ bₚⱼ with a zero aᵢₚ still contains 0·NaN = NaN and 0·∞ = NaN; skipping zero factors
    // would also make W·X and (XᵀWᵀ)ᵀ disagree on which entries are NaN.
    const nan = matmul(Matrix.from([[0, 1]]), Matrix.column([NaN, 1]));
    assert.ok(Number.isNaN(nan.get(0, 0)), `0·NaN + 1·1 gave ${nan.get(0, 0)}, expected NaN`);
    const inf = matmul(Matrix.from([[0]]), Matrix.from([[Infinity]]));
    assert.ok(Number.isNaN(inf.get(0, 0)), `0·∞ gave ${inf.get(0, 0)}, expected NaN`);
  });

  await t.step("matmul() rejects mismatched inner dimensions, naming both shapes", () => {
    assert.throws(() => matmul(A23(), A23()), {
      name: "TypeError",
      message: "Cannot multiply matrices: a is 2×3 but b is 2×3 (a has 3 columns, b has 2 rows)",
    });
  });
});

Deno.test("transpose() swaps rows and columns", async (t) => {
  await t.step("transpose() of 2×3", () => {
    assert.deepStrictEqual(transpose(A23()).toArrays(), [[1, 4], [2, 5], [3, 6]]);
  });

  await t.step("transpose() twice is the identity", () => {
    assert.deepStrictEqual(transpose(transpose(A23())).toArrays(), A23().toArrays());
  });

  await t.step("transpose() reverses a product: (A·B)ᵀ = Bᵀ·Aᵀ", () => {
    const B = Matrix.from([[1, -1], [0, 2], [3, 1]]);
    assert.deepStrictEqual(
      transpose(matmul(A23(), B)).toArrays(),
      matmul(transpose(B), transpose(A23())).toArrays(),
    );
  });

  await t.step("transpose() of n×0 is 0×n", () => {
    assert.deepStrictEqual(transpose(new Matrix(3, 0)).shape, [0, 3]);
  });
});

Deno.test("add() adds elementwise and broadcasts a bias row or column", async (t) => {
  await t.step("add() of equal shapes", () => {
    const B = Matrix.from([[10, 20, 30], [40, 50, 60]]);
    assert.deepStrictEqual(add(A23(), B).toArrays(), [[11, 22, 33], [44, 55, 66]]);
  });

  await t.step("add() broadcasts an m×1 column across columns (column layout bias)", () => {
    const b = Matrix.column([100, -100]);
    assert.deepStrictEqual(add(A23(), b).toArrays(), [[101, 102, 103], [-96, -95, -94]]);
  });

  await t.step("add() broadcasts a 1×n row down the rows (row layout bias)", () => {
    const b = Matrix.from([[0.5, -1, 10]]);
    assert.deepStrictEqual(add(A23(), b).toArrays(), [[1.5, 1, 13], [4.5, 4, 16]]);
  });

  await t.step("add() broadcasts a 1×1 scalar everywhere", () => {
    assert.deepStrictEqual(add(A23(), Matrix.from([[-1]])).toArrays(), [[0, 1, 2], [3, 4, 5]]);
  });

  await t.step("add() broadcasts into a single row or single column", () => {
    assert.deepStrictEqual(
      add(Matrix.from([[1, 2]]), Matrix.from([[3, 4]])).toArrays(),
      [[4, 6]],
    );
    assert.deepStrictEqual(
      add(Matrix.column([1, 2]), Matrix.column([3, 4])).toArrays(),
      [[4], [6]],
    );
  });

  await t.step("add() leaves its operands unchanged", () => {
    const A = A23();
    const b = Matrix.column([1, 1]);
    add(A, b);
    assert.deepStrictEqual(A.toArrays(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual(b.toArrays(), [[1], [1]]);
  });

  await t.step("add() rejects shapes that do not broadcast, naming both", () => {
    assert.throws(() => add(A23(), Matrix.from([[1, 2], [3, 4], [5, 6]])), {
      name: "TypeError",
      message: "Cannot add matrices: a is 2×3 but b is 3×2",
    });
    assert.throws(() => add(A23(), Matrix.column([1, 2, 3])), {
      name: "TypeError",
      message: "Cannot add matrices: a is 2×3 but b is 3×1",
    });
    assert.throws(() => add(A23(), Matrix.from([[1, 2]])), {
      name: "TypeError",
      message: "Cannot add matrices: a is 2×3 but b is 1×2",
    });
  });

  await t.step("add() broadcasts b only, never a", () => {
    assert.throws(() => add(Matrix.from([[1, 2, 3]]), A23()), {
      name: "TypeError",
      message: "Cannot add matrices: a is 1×3 but b is 2×3",
    });
  });
});

Deno.test("sub(), hadamard(), map() and scale() work elementwise", async (t) => {
  await t.step("sub() subtracts", () => {
    const B = Matrix.from([[1, 1, 1], [2, 2, 2]]);
    assert.deepStrictEqual(sub(A23(), B).toArrays(), [[0, 1, 2], [2, 3, 4]]);
  });

  await t.step("sub() does not broadcast, naming both shapes", () => {
    assert.throws(() => sub(A23(), Matrix.column([1, 2])), {
      name: "TypeError",
      message: "Cannot subtract matrices: a is 2×3 but b is 2×1",
    });
  });

  await t.step("hadamard() multiplies elementwise", () => {
    const B = Matrix.from([[2, 0, -1], [0.5, 1, 3]]);
    assert.deepStrictEqual(hadamard(A23(), B).toArrays(), [[2, 0, -3], [2, 5, 18]]);
  });

  await t.step("hadamard() rejects different shapes, naming both", () => {
    assert.throws(() => hadamard(Matrix.from([[1, 2]]), Matrix.column([1, 2])), {
      name: "TypeError",
      message: "Cannot take the Hadamard product of matrices: a is 1×2 but b is 2×1",
    });
  });

  await t.step("map() applies a function to every element, keeping the shape", () => {
    const m = map(A23(), (x) => x * x - 1);
    assert.deepStrictEqual(m.toArrays(), [[0, 3, 8], [15, 24, 35]]);
  });

  await t.step("scale() multiplies by a scalar", () => {
    assert.deepStrictEqual(scale(A23(), -0.5).toArrays(), [[-0.5, -1, -1.5], [-2, -2.5, -3]]);
  });

  await t.step("sub(), hadamard(), map() and scale() return new matrices", () => {
    const A = A23();
    for (const out of [sub(A, A), hadamard(A, A), map(A, (x) => x), scale(A, 1)]) {
      assert.notStrictEqual(out.data, A.data);
    }
    assert.deepStrictEqual(A.toArrays(), [[1, 2, 3], [4, 5, 6]]);
  });
});

Deno.test("sumRows() and sumCols() reduce along one axis", async (t) => {
  await t.step("sumRows() sums each row into an m×1 column", () => {
    assert.deepStrictEqual(sumRows(A23()).toArrays(), [[6], [15]]);
  });

  await t.step("sumCols() sums each column into a 1×n row", () => {
    assert.deepStrictEqual(sumCols(A23()).toArrays(), [[5, 7, 9]]);
  });

  await t.step("sumRows() of a transpose is the transpose of sumCols()", () => {
    assert.deepStrictEqual(
      sumRows(transpose(A23())).toArrays(),
      transpose(sumCols(A23())).toArrays(),
    );
  });

  await t.step("sums over an empty axis are zero", () => {
    assert.deepStrictEqual(sumRows(new Matrix(2, 0)).toArrays(), [[0], [0]]);
    assert.deepStrictEqual(sumCols(new Matrix(0, 2)).toArrays(), [[0, 0]]);
  });
});

Deno.test("hconcat() and vconcat() join matrices", async (t) => {
  await t.step("hconcat() puts b to the right of a", () => {
    const B = Matrix.column([7, 8]);
    assert.deepStrictEqual(hconcat(A23(), B).toArrays(), [[1, 2, 3, 7], [4, 5, 6, 8]]);
  });

  await t.step("vconcat() puts b under a", () => {
    const B = Matrix.from([[7, 8, 9]]);
    assert.deepStrictEqual(vconcat(A23(), B).toArrays(), [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  await t.step("hconcat() rejects a different number of rows, naming both shapes", () => {
    assert.throws(() => hconcat(Matrix.column([1, 2]), Matrix.column([1, 2, 3])), {
      name: "TypeError",
      message: "Cannot concatenate side by side: a is 2×1 but b is 3×1",
    });
  });

  await t.step("vconcat() rejects a different number of columns, naming both shapes", () => {
    assert.throws(() => vconcat(Matrix.from([[1, 2]]), Matrix.from([[1, 2, 3]])), {
      name: "TypeError",
      message: "Cannot stack: a is 1×2 but b is 1×3",
    });
  });
});

Deno.test("sliceRows() and sliceCols() cut out a block", async (t) => {
  const M = () => Matrix.from([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);

  await t.step("sliceRows() keeps rows from..to−1", () => {
    assert.deepStrictEqual(sliceRows(M(), 1, 3).toArrays(), [[4, 5, 6], [7, 8, 9]]);
    assert.deepStrictEqual(sliceRows(M(), 1, 1).shape, [0, 3]);
  });

  await t.step("sliceCols() keeps columns from..to−1", () => {
    assert.deepStrictEqual(sliceCols(M(), 0, 2).toArrays(), [[1, 2], [4, 5], [7, 8]]);
    assert.deepStrictEqual(sliceCols(M(), 2, 3).toArrays(), [[3], [6], [9]]);
  });

  await t.step("slices reassemble the original", () => {
    assert.deepStrictEqual(
      vconcat(sliceRows(M(), 0, 1), sliceRows(M(), 1, 3)).toArrays(),
      M().toArrays(),
    );
    assert.deepStrictEqual(
      hconcat(sliceCols(M(), 0, 1), sliceCols(M(), 1, 3)).toArrays(),
      M().toArrays(),
    );
  });

  await t.step("slices copy the storage", () => {
    const m = M();
    const r = sliceRows(m, 0, 1);
    const c = sliceCols(m, 0, 1);
    r.set(0, 0, -1);
    c.set(0, 0, -1);
    assert.strictEqual(m.get(0, 0), 1);
  });
});

Deno.test("filled() builds a constant matrix", async (t) => {
  await t.step("filled() of 2×3 with 1.5", () => {
    assert.deepStrictEqual(filled(2, 3, 1.5).toArrays(), [[1.5, 1.5, 1.5], [1.5, 1.5, 1.5]]);
  });

  await t.step("filled() keeps special values", () => {
    assert.ok(filled(1, 2, NaN).data.every(Number.isNaN));
    assert.ok(filled(1, 2, -0).data.every((x) => Object.is(x, -0)));
  });
});
