/**
 * Unit tests for src/reference/costs.ts: cross-entropy (from probabilities and from logits), its gradients, the
 * three quadratic conventions with their gradients, one-hot targets, and the shape errors.
 */
import assert from "node:assert";
import { softmax, softmaxVector } from "../../src/reference/activations.ts";
import { batchSize, sampleWidth } from "../../src/reference/layout.ts";
import {
  crossEntropy,
  crossEntropySampleGrad,
  oneHot,
  quadratic,
  type QuadraticConvention,
  quadraticSampleGrad,
  softmaxCrossEntropy,
  softmaxCrossEntropyBatchGrad,
} from "../../src/reference/costs.ts";
import { Matrix, transpose } from "../../src/reference/matrix.ts";
import { assertRelClose, randomMatrix } from "../testdata/helpers.ts";

/** Probabilities of 3 classes for 2 samples, one sample per column. */
const P = () => Matrix.from([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]]);

Deno.test("oneHot() encodes class indices in either layout", async (t) => {
  await t.step("oneHot() in column layout puts sample k in column k", () => {
    assert.deepStrictEqual(oneHot([0, 2, 1], 3, "column").toArrays(), [
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
  });

  await t.step("oneHot() in row layout puts sample k in row k", () => {
    assert.deepStrictEqual(oneHot([1, 1], 3, "row").toArrays(), [[0, 1, 0], [0, 1, 0]]);
  });

  await t.step("oneHot() accepts a typed array of labels", () => {
    assert.deepStrictEqual(oneHot(new Uint8Array([2]), 3, "column").toArrays(), [[0], [0], [1]]);
  });

  await t.step("oneHot() rejects labels out of range or not integers, naming the sample", () => {
    assert.throws(() => oneHot([0, 3], 3, "column"), {
      name: "RangeError",
      message: "Cannot one-hot encode label 3 of sample 1: expected 0 to 2",
    });
    assert.throws(() => oneHot([-1], 3, "row"), {
      name: "RangeError",
      message: "Cannot one-hot encode label -1 of sample 0: expected 0 to 2",
    });
    assert.throws(() => oneHot([1.5], 10, "row"), {
      name: "RangeError",
      message: "Cannot one-hot encode label 1.5 of sample 0: expected 0 to 9",
    });
    assert.throws(() => oneHot([NaN], 2, "row"), {
      name: "RangeError",
      message: "Cannot one-hot encode label NaN of sample 0: expected 0 to 1",
    });
  });

  await t.step("batchSize() and sampleWidth() read the layout", () => {
    const Y = new Matrix(10, 4);
    assert.strictEqual(batchSize(Y, "column"), 4);
    assert.strictEqual(sampleWidth(Y, "column"), 10);
    assert.strictEqual(batchSize(Y, "row"), 10);
    assert.strictEqual(sampleWidth(Y, "row"), 4);
  });
});

Deno.test("crossEntropy() is the batch mean of −Σ y log p", async (t) => {
  await t.step("crossEntropy() of one one-hot sample is −log p of its class", () => {
    const p = Matrix.column([0.25, 0.75]);
    assert.strictEqual(crossEntropy(p, Matrix.column([0, 1]), "column"), -Math.log(0.75));
    assert.strictEqual(crossEntropy(p, Matrix.column([1, 0]), "column"), -Math.log(0.25));
  });

  await t.step("crossEntropy() with oneHot() targets averages over the batch", () => {
    const expected = -(Math.log(0.7) + Math.log(0.3)) / 2;
    assertRelClose(crossEntropy(P(), oneHot([0, 2], 3, "column"), "column"), expected, 1e-15, "C");
  });

  await t.step("crossEntropy() in row layout of the transposes gives the same value", () => {
    const Y = oneHot([1, 0], 3, "column");
    const c = crossEntropy(P(), Y, "column");
    assertRelClose(crossEntropy(transpose(P()), transpose(Y), "row"), c, 1e-15, "row C");
    // The one-hot rows built directly are the transposes of the columns.
    assert.strictEqual(crossEntropy(transpose(P()), oneHot([1, 0], 3, "row"), "row"), c);
  });

  await t.step("crossEntropy() divides by N, not by the number of entries", () => {
    const one = crossEntropy(Matrix.column([0.5, 0.5]), Matrix.column([1, 0]), "column");
    const two = crossEntropy(
      Matrix.from([[0.5, 0.5], [0.5, 0.5]]),
      Matrix.from([[1, 0], [0, 1]]),
      "column",
    );
    assert.strictEqual(one, Math.LN2);
    assert.strictEqual(two, Math.LN2);
  });

  await t.step("crossEntropy() accepts soft targets", () => {
    const c = crossEntropy(Matrix.column([0.2, 0.8]), Matrix.column([0.5, 0.5]), "column");
    assertRelClose(c, -(0.5 * Math.log(0.2) + 0.5 * Math.log(0.8)), 1e-15, "soft C");
  });

  await t.step("crossEntropy() gives a zero contribution where y = 0 and p = 0", () => {
    // 0·log 0 is taken as its limit 0, not NaN.
    const c = crossEntropy(Matrix.column([1, 0]), Matrix.column([1, 0]), "column");
    assert.ok(Object.is(c, 0), `C = ${c}`);
  });

  await t.step("crossEntropy() is +Infinity where y = 1 and p = 0", () => {
    assert.strictEqual(
      crossEntropy(Matrix.column([1, 0]), Matrix.column([0, 1]), "column"),
      Infinity,
    );
  });

  await t.step("crossEntropy() rejects a shape mismatch, naming both shapes", () => {
    assert.throws(() => crossEntropy(Matrix.column([1, 0]), Matrix.from([[1, 0]]), "column"), {
      name: "TypeError",
      message: "Cannot compute cross-entropy: outputs are 2×1 but targets are 1×2",
    });
  });
});

Deno.test("softmaxCrossEntropy() computes cross-entropy of softmax from the logits", async (t) => {
  await t.step(
    "softmaxCrossEntropy() equals crossEntropy(softmax(Z)) where both are finite",
    () => {
      for (const layout of ["column", "row"] as const) {
        const Z = layout === "column"
          ? randomMatrix(4, 6, 21, -3, 3)
          : randomMatrix(6, 4, 21, -3, 3);
        const Y = oneHot([0, 3, 1, 1, 2, 0], 4, layout);
        // Two evaluations of the same sum in another order: log-sum-exp minus uⱼ against −log of a
        // normalised exponential; rounding differs by a few ulps of the per-sample costs.
        assertRelClose(
          softmaxCrossEntropy(Z, Y, layout),
          crossEntropy(softmax(Z, layout), Y, layout),
          1e-13,
          `${layout} C`,
        );
      }
    },
  );

  await t.step("softmaxCrossEntropy() stays finite where softmax underflows", () => {
    const Z = Matrix.column([0, -1000]);
    const Y = Matrix.column([0, 1]);
    assert.strictEqual(softmax(Z, "column").get(1, 0), 0);
    assert.strictEqual(crossEntropy(softmax(Z, "column"), Y, "column"), Infinity);
    // −log p₁ = logsumexp(0, −1000) − (−1000) = 0 + 1000.
    assert.strictEqual(softmaxCrossEntropy(Z, Y, "column"), 1000);
  });

  await t.step("softmaxCrossEntropy() of [1000, 0, −1000] is 0, 1000 and 2000", () => {
    const Z = Matrix.from([[1000, 0, -1000]]);
    assert.strictEqual(softmaxCrossEntropy(Z, oneHot([0], 3, "row"), "row"), 0);
    assert.strictEqual(softmaxCrossEntropy(Z, oneHot([1], 3, "row"), "row"), 1000);
    assert.strictEqual(softmaxCrossEntropy(Z, oneHot([2], 3, "row"), "row"), 2000);
  });

  await t.step("softmaxCrossEntropy() of tied huge logits is ln 2", () => {
    const Z = Matrix.column([800, 800]);
    // (800 + ln 2) − 800 keeps ln 2 only to within half an ulp of 800 (5.7e−14), a relative 8e−14.
    assertRelClose(softmaxCrossEntropy(Z, Matrix.column([1, 0]), "column"), Math.LN2, 2e-13, "C");
  });

  await t.step("softmaxCrossEntropy() averages the samples of a batch", () => {
    const Z = Matrix.from([[0, 3], [2, 3], [-1, 3]]);
    const Y = oneHot([1, 2], 3, "column");
    const c0 = -Math.log(softmaxVector([0, 2, -1])[1]);
    const c1 = Math.log(3); // three tied logits
    assertRelClose(softmaxCrossEntropy(Z, Y, "column"), (c0 + c1) / 2, 1e-15, "mean C");
  });

  await t.step("softmaxCrossEntropy() rejects a shape mismatch, naming both shapes", () => {
    assert.throws(() => softmaxCrossEntropy(new Matrix(3, 2), new Matrix(2, 3), "row"), {
      name: "TypeError",
      message: "Cannot compute softmax cross-entropy: outputs are 3×2 but targets are 2×3",
    });
  });
});

Deno.test("softmaxCrossEntropyBatchGrad() is (P − Y)/N", async (t) => {
  const Z = randomMatrix(3, 5, 31, -3, 3);
  const Y = oneHot([2, 0, 0, 1, 2], 3, "column");

  await t.step("softmaxCrossEntropyBatchGrad() equals (softmax(Z) − Y)/N elementwise", () => {
    const G = softmaxCrossEntropyBatchGrad(Z, Y, "column");
    const Pz = softmax(Z, "column");
    assert.deepStrictEqual(G.shape, [3, 5]);
    for (let k = 0; k < G.data.length; k++) {
      assertRelClose(G.data[k], (Pz.data[k] - Y.data[k]) / 5, 1e-15, `G[${k}]`);
    }
  });

  await t.step(
    "softmaxCrossEntropyBatchGrad() matches central differences of softmaxCrossEntropy()",
    () => {
      const G = softmaxCrossEntropyBatchGrad(Z, Y, "column");
      const h = 1e-6;
      for (let k = 0; k < Z.data.length; k++) {
        const up = Z.clone();
        const dn = Z.clone();
        up.data[k] += h;
        dn.data[k] -= h;
        const fd = (softmaxCrossEntropy(up, Y, "column") - softmaxCrossEntropy(dn, Y, "column")) /
          (2 * h);
        assert.ok(Math.abs(fd - G.data[k]) <= 1e-9, `∂C/∂Z[${k}]: fd ${fd}, got ${G.data[k]}`);
      }
    },
  );

  await t.step("softmaxCrossEntropyBatchGrad() in row layout is the transpose", () => {
    const Gc = softmaxCrossEntropyBatchGrad(Z, Y, "column");
    const Gr = softmaxCrossEntropyBatchGrad(transpose(Z), transpose(Y), "row");
    assert.deepStrictEqual(Gr.toArrays(), transpose(Gc).toArrays());
  });

  await t.step("softmaxCrossEntropyBatchGrad() each sample's gradient sums to zero", () => {
    const G = softmaxCrossEntropyBatchGrad(Z, Y, "column");
    for (let k = 0; k < 5; k++) {
      const s = G.get(0, k) + G.get(1, k) + G.get(2, k);
      assert.ok(Math.abs(s) <= 4 * Number.EPSILON, `column ${k} sums to ${s}`);
    }
  });

  await t.step(
    "softmaxCrossEntropyBatchGrad() rejects a shape mismatch, naming both shapes",
    () => {
      assert.throws(
        () => softmaxCrossEntropyBatchGrad(new Matrix(3, 2), new Matrix(3, 1), "column"),
        {
          name: "TypeError",
          message:
            "Cannot compute the softmax cross-entropy gradient: outputs are 3×2 but targets are 3×1",
        },
      );
    },
  );
});

Deno.test("crossEntropySampleGrad() is −y/p per sample", async (t) => {
  await t.step("crossEntropySampleGrad() divides the targets by the probabilities", () => {
    const G = crossEntropySampleGrad(Matrix.column([0.25, 0.5, 0.25]), Matrix.column([0, 1, 0]));
    assert.deepStrictEqual(G.toArrays(), [[0], [-2], [0]]);
    const S = crossEntropySampleGrad(Matrix.column([0.2, 0.8]), Matrix.column([0.5, 0.5]));
    assert.deepStrictEqual(S.toArrays(), [[-0.5 / 0.2], [-0.5 / 0.8]]);
  });

  await t.step("crossEntropySampleGrad() is 0 where y = 0 even where p = 0", () => {
    const G = crossEntropySampleGrad(Matrix.column([1, 0]), Matrix.column([1, 0]));
    assert.deepStrictEqual(G.toArrays(), [[-1], [0]]);
  });

  await t.step("crossEntropySampleGrad() rejects a shape mismatch, naming both shapes", () => {
    assert.throws(() => crossEntropySampleGrad(new Matrix(2, 2), new Matrix(2, 1)), {
      name: "TypeError",
      message: "Cannot compute the cross-entropy gradient: outputs are 2×2 but targets are 2×1",
    });
  });
});

Deno.test("quadratic() names its convention: squared, half or mean", async (t) => {
  // n_L = 3 outputs, N = 2 samples, one per column.
  const A = Matrix.from([[0.2, 0.9], [0.4, 0.1], [1.0, 0.3]]);
  const Y = Matrix.from([[0, 1], [1, 0], [1, 0]]);
  // Σⱼ (aⱼ − yⱼ)² of each sample, by hand.
  const S0 = 0.2 ** 2 + (0.4 - 1) ** 2 + (1.0 - 1) ** 2;
  const S1 = (0.9 - 1) ** 2 + 0.1 ** 2 + 0.3 ** 2;

  await t.step(
    'quadratic() "squared" is the mean of Σ(a − y)² ("Backpropagation notes" §1.1)',
    () => {
      assertRelClose(
        quadratic(A, Y, { convention: "squared", layout: "column" }),
        (S0 + S1) / 2,
        1e-15,
        "C",
      );
    },
  );

  await t.step('quadratic() "half" is the mean of ½‖a − y‖² ("Backpropagation notes" §5)', () => {
    assertRelClose(
      quadratic(A, Y, { convention: "half", layout: "column" }),
      (S0 / 2 + S1 / 2) / 2,
      1e-15,
      "C",
    );
  });

  await t.step('quadratic() "mean" is the mean of (1/n_L) Σ(a − y)² ("Layer by Layer")', () => {
    assertRelClose(
      quadratic(A, Y, { convention: "mean", layout: "column" }),
      (S0 / 3 + S1 / 3) / 2,
      1e-15,
      "C",
    );
  });

  await t.step("quadratic() reads n_L and N from the layout", () => {
    for (const convention of ["squared", "half", "mean"] as const) {
      assertRelClose(
        quadratic(transpose(A), transpose(Y), { convention, layout: "row" }),
        quadratic(A, Y, { convention, layout: "column" }),
        1e-15,
        convention,
      );
    }
    // The same 3×2 matrix read as rows: n_L = 2 and N = 3.
    assertRelClose(
      quadratic(A, Y, { convention: "mean", layout: "row" }),
      (S0 + S1) / 2 / 3,
      1e-15,
      "row C",
    );
  });

  await t.step("quadratic() of one sample with ½ is ½(0.5 − 1)²", () => {
    const c = quadratic(Matrix.from([[0.5]]), Matrix.from([[1]]), {
      convention: "half",
      layout: "row",
    });
    assert.strictEqual(c, 0.125);
  });

  await t.step("quadratic() rejects an unknown convention", () => {
    const options = { convention: "cubic" as QuadraticConvention, layout: "column" as const };
    assert.throws(() => quadratic(A, Y, options), {
      name: "RangeError",
      message: 'Unknown quadratic convention "cubic": expected "squared", "half" or "mean"',
    });
  });

  await t.step("quadratic() rejects a shape mismatch, naming both shapes", () => {
    assert.throws(() => quadratic(A, transpose(Y), { convention: "half", layout: "column" }), {
      name: "TypeError",
      message: "Cannot compute the quadratic cost: outputs are 3×2 but targets are 2×3",
    });
  });
});

Deno.test("quadraticSampleGrad() is ∂C₀/∂a per sample: 2(a − y), (a − y), (2/n_L)(a − y)", async (t) => {
  const A = Matrix.from([[0.2, 0.9], [0.4, 0.1], [1.0, 0.3]]);
  const Y = Matrix.from([[0, 1], [1, 0], [1, 0]]);
  const grad = (convention: QuadraticConvention) =>
    quadraticSampleGrad(A, Y, { convention, layout: "column" });

  await t.step("quadraticSampleGrad() values by hand", () => {
    const d = A.toArrays().map((r, i) => r.map((a, j) => a - Y.get(i, j)));
    assert.deepStrictEqual(grad("squared").toArrays(), d.map((r) => r.map((x) => 2 * x)));
    assert.deepStrictEqual(grad("half").toArrays(), d);
    grad("mean").toArrays().forEach((r, i) =>
      r.forEach((g, j) => assertRelClose(g, (2 / 3) * d[i][j], 1e-15, `mean[${i},${j}]`))
    );
  });

  await t.step("quadraticSampleGrad() ratios squared : half : mean are 2 : 1 : 2/n_L", () => {
    const [sq, half, mean] = [grad("squared"), grad("half"), grad("mean")];
    for (let k = 0; k < half.data.length; k++) {
      if (half.data[k] === 0) {
        assert.ok(sq.data[k] === 0 && mean.data[k] === 0);
        continue;
      }
      assert.strictEqual(sq.data[k] / half.data[k], 2);
      assertRelClose(mean.data[k] / half.data[k], 2 / 3, 1e-15, `ratio ${k}`);
    }
  });

  await t.step(
    "quadraticSampleGrad() is N times a central difference of the batch-mean cost",
    () => {
      // The batch cost is (1/N) Σₖ C₀ₖ, so ∂C/∂aⱼₖ = (1/N) ∂C₀ₖ/∂aⱼₖ.
      const h = 1e-6;
      for (const convention of ["squared", "half", "mean"] as const) {
        const G = grad(convention);
        for (let k = 0; k < A.data.length; k++) {
          const up = A.clone();
          const dn = A.clone();
          up.data[k] += h;
          dn.data[k] -= h;
          const o = { convention, layout: "column" as const };
          const fd = (quadratic(up, Y, o) - quadratic(dn, Y, o)) / (2 * h);
          assert.ok(
            Math.abs(2 * fd - G.data[k]) <= 1e-8,
            `${convention}[${k}]: fd·N ${2 * fd}, got ${G.data[k]}`,
          );
        }
      }
    },
  );

  await t.step("quadraticSampleGrad() rejects an unknown convention", () => {
    assert.throws(
      () => quadraticSampleGrad(A, Y, { convention: "Half" as QuadraticConvention, layout: "row" }),
      {
        name: "RangeError",
        message: 'Unknown quadratic convention "Half": expected "squared", "half" or "mean"',
      },
    );
  });

  await t.step("quadraticSampleGrad() rejects a shape mismatch, naming both shapes", () => {
    assert.throws(
      () => quadraticSampleGrad(A, new Matrix(3, 1), { convention: "half", layout: "column" }),
      {
        name: "TypeError",
        message: "Cannot compute the quadratic cost gradient: outputs are 3×2 but targets are 3×1",
      },
    );
  });
});
