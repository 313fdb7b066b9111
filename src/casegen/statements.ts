/**
 * Every statement (identity, definition, shape rule) the fixture corpus encodes, with where the
 * documents state it. A case lists the ids it encodes in `statements`; fixtures/SCHEMA.md tabulates
 * them. `doc: null` marks a standard fact the documents use without stating.
 *
 * @module
 */
import type { DocId } from "../spec/case_file.ts";

/** One statement. */
export interface Statement {
  /** Its id: lowercase snake_case. */
  readonly id: string;
  /** Where it is stated: documents and sections. */
  readonly where: readonly { readonly doc: DocId | null; readonly section: string }[];
  /** The statement, a formula or a few words. */
  readonly says: string;
  /** How the cases encode it: where `expected` comes from. */
  readonly how: string;
}

const s = (
  id: string,
  where: Statement["where"],
  says: string,
  how: string,
): Statement => ({ id, where, says, how });

const D0 = (section: string) => ({ doc: "000" as const, section });
const D1 = (section: string) => ({ doc: "001" as const, section });
const D2 = (section: string) => ({ doc: "002" as const, section });
const D3 = (section: string) => ({ doc: "003" as const, section });
const STANDARD = (section: string) => ({ doc: null, section });

/** The statements, grouped by topic. */
export const STATEMENTS: readonly Statement[] = [
  // activations
  s(
    "sigmoid_def",
    [D0("Sigmoid Activation"), D1("Sigmoid")],
    "σ(z) = 1/(1 + e^−z)",
    "expected from the formula evaluated literally; saturated inputs from its limits",
  ),
  s(
    "sigmoid_range",
    [D1("Sigmoid")],
    "σ(z) lies between 0 and 1",
    "every expected σ is in [0, 1] (checked over the corpus)",
  ),
  s(
    "sigmoid_prime",
    [
      D0("Hidden Layer 1 Activation (T2) → Hidden Layer 1 Linear (T1)"),
      D2("Unstable Gradient: Vanishing and Explosion Gradient"),
    ],
    "σ′(z) = σ(z)(1 − σ(z))",
    "expected = a(1 − a) with a = σ(z) from the definition",
  ),
  s(
    "sigmoid_prime_max",
    [D2("Unstable Gradient: Vanishing and Explosion Gradient")],
    "σ′(z) ≤ 1/4, the maximum at z = 0",
    "σ′(0) = 0.25 exactly; every expected σ′ ≤ 0.25 (checked over the corpus)",
  ),
  s(
    "tanh_def",
    [D1("Tanh ( Hyperbolic tangent )")],
    "tanh(z) = (e^z − e^−z)/(e^z + e^−z)",
    "expected from the exponential formula (moderate z)",
  ),
  s(
    "tanh_range",
    [D1("Tanh ( Hyperbolic tangent )")],
    "tanh(z) lies between −1 and 1",
    "every expected tanh is in [−1, 1] (checked over the corpus)",
  ),
  s(
    "tanh_prime",
    [STANDARD("standard calculus; document 001 uses tanh without its derivative")],
    "tanh′(z) = 1 − tanh²(z)",
    "expected = 1 − a² with a = tanh(z)",
  ),
  s(
    "relu_def",
    [D1("ReLU"), D2("Example (ReLU)")],
    "ReLU(z) = max(0, z)",
    "expected written down from max(0, z)",
  ),
  s(
    "relu_range",
    [D1("ReLU")],
    "ReLU(z) lies in [0, ∞)",
    "every expected ReLU is ≥ 0 (checked over the corpus)",
  ),
  s(
    "relu_prime",
    [
      D1("Backward Propagation (ReLU_ returns Z > 0)"),
      D2("Example (ReLU)"),
      D3("Backpropagation Derivations Used in Code"),
    ],
    "ReLU′(z) = 𝕀(z > 0): 1 if z > 0, otherwise 0, so ReLU′(0) = 0",
    "expected = 1 where z > 0 else 0, exact",
  ),
  s(
    "elementwise_shape",
    [D0("Sigmoid Activation")],
    "an elementwise activation keeps the shape of its input",
    "non-square inputs; the output shape is the input's",
  ),
  // softmax
  s(
    "softmax_def",
    [D0("Softmax Activation (Raw > Probability Distribution)"), D1("Softmax")],
    "pᵢ = e^{uᵢ} / Σⱼ e^{uⱼ} per sample",
    "expected from the formula (max-shifted) per sample",
  ),
  s(
    "softmax_simplex",
    [D1("Softmax")],
    "softmax outputs lie in [0, 1] and sum to 1",
    "every expected p is in [0, 1] and each sample sums to 1 (checked over the corpus)",
  ),
  s(
    "softmax_argmax",
    [D1("Softmax")],
    "the largest logit gets the highest probability",
    "the argmax of every expected p is the argmax of z (checked over the corpus)",
  ),
  s(
    "softmax_per_sample",
    [D0("Probability Distribution (T4) → Logits (T3)")],
    "softmax maps each sample on its own: the batch Jacobian is a stack of per-sample ones",
    "expected computed sample by sample; a NaN in one sample leaves the others alone",
  ),
  s(
    "softmax_shift_invariance",
    [STANDARD("standard property of softmax; the documents' formula implies it")],
    "softmax(z + c) = softmax(z)",
    "expected = softmax of the unshifted logits",
  ),
  s(
    "softmax_jacobian",
    [
      D0("Probability Distribution (T4) → Logits (T3)"),
      D1("Backward Propagation (case 1, case 2)"),
      D3("Softmax + Cross Entropy Derivative (Full Expression)"),
    ],
    "∂pⱼ/∂zₖ = pⱼ(1 − pⱼ) if j = k, −pⱼpₖ otherwise",
    "expected entry by entry from the two cases",
  ),
  s(
    "softmax_jacobian_rows",
    [STANDARD("consequence of the softmax Jacobian cases")],
    "the softmax Jacobian diag(p) − ppᵀ is symmetric and its rows sum to 0",
    "expected diagonal = −(sum of the row's off-diagonal entries), lower triangle mirrored from the upper",
  ),
  // costs
  s(
    "ce_def",
    [D0("Cross Entropy Loss"), D1("Backward Propagation (L = −Σ yᵢ log ŷᵢ)")],
    "Lossᵢ = −Σₖ yᵢₖ log pᵢₖ",
    "expected from the sum, terms with y = 0 left out (so p = 0 there is harmless)",
  ),
  s(
    "ce_one_hot",
    [D0("Cross Entropy Loss")],
    "with a one-hot y the loss reduces to −log p_true",
    "expected = −log p of the true class (from logits: log Σ e^z − z_true)",
  ),
  s(
    "ce_batch_mean",
    [D0("Cross Entropy Loss")],
    "Loss = −(1/N) Σᵢ Σₖ yᵢₖ log pᵢₖ",
    "expected = mean of per-sample losses",
  ),
  s(
    "ce_grad_p",
    [
      D0("Cross Entropy (Loss) → Probability Distribution (T4)"),
      D3("Softmax + Cross Entropy Derivative (Full Expression)"),
    ],
    "∂Loss/∂pᵢⱼ = −yᵢⱼ/(N pᵢⱼ)",
    "the first factor of the chain behind softmax_ce_grad and the Jacobian route",
  ),
  s(
    "softmax_ce_grad",
    [
      D0("Cross Entropy (Loss) → Logits (T3) (Direct Jump, Simplification!)"),
      D1("Backward Propagation (A[3] − Y)"),
      D3("Softmax + Cross Entropy Derivative (Full Expression)"),
    ],
    "∂Loss/∂z = (P − Y)/N",
    "expected via the chain (∂Loss/∂P)·(∂P/∂z) with the full softmax Jacobian",
  ),
  s(
    "quadratic_squared",
    [
      D2("1.1 Cost of a single sample from training set"),
      D2("1.3 Derivative of costs relative to weight"),
      D2("2.4 The error of neuron j in layer L"),
    ],
    "C₀ = Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = 2(a − y)",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "quadratic_half",
    [
      D2("2.5.1 The error term at the output layer L"),
      D2("3.2 Case 1: Output Layer"),
      D2("5. Numerical Example"),
    ],
    "C = ½‖a − y‖², ∂C/∂a = a − y",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "quadratic_mean",
    [D3("Backpropagation Generalized: Multiple Neuron in Each Layer")],
    "C₀ = (1/n_L) Σⱼ (aⱼ − yⱼ)², so ∂C₀/∂a = (2/n_L)(a − y)",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "cost_batch_mean",
    [D2("1.6 Cost for all training"), D3("Averaging Gradients Across Training Examples")],
    "the cost of a batch is the mean of the per-sample costs",
    "expected = (1/N) Σₖ Cₖ",
  ),
  // layers
  s(
    "dense_column",
    [D1("Forward Propagation"), D2("2.1 Dimension of the MLP"), D3("Notation and Structure")],
    "z = W·a + b with W of n_l × n_{l−1}, a = f(z)",
    "expected per sample by the summation form",
  ),
  s(
    "dense_summation",
    [D3("Notation and Structure"), D2("2.1 Dimension of the MLP")],
    "zⱼ = Σᵢ wⱼᵢ aᵢ + bⱼ",
    "expected by explicit sums, one neuron at a time",
  ),
  s(
    "dense_row",
    [D0("Linear Transformation")],
    "T = X·W + b, b of 1 × h broadcast over the N rows",
    "expected by explicit sums, one sample (row) at a time",
  ),
  s(
    "bias_fold",
    [D0("Linear Transformation")],
    "[X | 1]·[W; b] = X·W + 1·b",
    "expected = the folded product [X | 1]·[W; b]",
  ),
  s(
    "layout_transpose",
    [
      D2("The Two Worlds: Vector Calculus vs Matrix Calculus"),
      D0("Cross Entropy (Loss) → Probability Distribution (T4)"),
    ],
    "the row (matrix-calculus) and column (vector) conventions give the same numbers, transposed",
    "each row-layout case is the transpose of a column-layout twin computed per sample",
  ),
  // backpropagation
  s(
    "output_delta_hadamard",
    [D2("2.5.1 The error term at the output layer L"), D2("3.2 Case 1: Output Layer")],
    "δᴸ = ∂C/∂aᴸ ⊙ σ′(zᴸ)",
    "expected via the full (diagonal) Jacobian product",
  ),
  s(
    "jacobian_hadamard",
    [
      D2("2.5.1 The error term at the output layer L (So Why Do We Use Element-wise Product?)"),
      D0("Hidden Layer 1 Activation (T2) → Hidden Layer 1 Linear (T1)"),
    ],
    "the Jacobian of an elementwise activation is diagonal, so Jacobian × vector = Hadamard product",
    "expected δ built from explicit full Jacobian products",
  ),
  s(
    "delta_recursion",
    [
      D3("Matrix Form of δ (Recursive)"),
      D2("3.3 Case 2: Hidden Layers"),
      D1("Backward Propagation"),
    ],
    "δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ)",
    "expected δ from explicit Jacobian products ∂zˡ⁺¹/∂zˡ = Wˡ⁺¹·diag(f′(zˡ))",
  ),
  s(
    "delta_index_form",
    [
      D3("Recursive Formula for δ (Backward Pass)"),
      D3("Recursive Gradient Generalization (Layer-wise)"),
    ],
    "δₐˡ = Σₖ δₖˡ⁺¹ wₖₐˡ⁺¹ σ′(zₐˡ), i.e. nested sums over every path to the output",
    "expected δ by enumerating every path (unmemoised nested sums)",
  ),
  s(
    "grad_prev_activation",
    [
      D2(
        "2.4.2 Error relative to the changes of activations in the previous layers in matrix Form",
      ),
      D0("Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)"),
    ],
    "∂C/∂aᴸ⁻¹ = (Wᴸ)ᵀ δᴸ (row layout: ∂L/∂X = ∂L/∂T · Wᵀ)",
    "the transposed-weight factor of the Jacobian route (∂zˡ⁺¹/∂aˡ = Wˡ⁺¹)",
  ),
  s(
    "dw_outer",
    [D2("2.6.1 The error term relative to weight in layer L"), D3("Vectorized Form")],
    "∂C₀/∂W = δ aᵀ, [δ aᵀ]ᵢⱼ = δᵢ aⱼ",
    "expected dW as a sum of per-sample outer products",
  ),
  s(
    "db_delta",
    [D2("2.6.2 The error relative to bias in layer L"), D3("Vectorized Form")],
    "∂C₀/∂b = δ",
    "expected db = the mean of per-sample δ",
  ),
  s(
    "grad_batch_mean",
    [
      D2("1.6 Cost for all training"),
      D3("Averaging Gradients Across Training Examples"),
      D3("Gradient w.r.t. Output Layer Parameters"),
    ],
    "∂C/∂w = (1/n) Σₖ ∂Cₖ/∂w: dW = (1/n) δ Aᵀ, db = (1/n) Σ δ",
    "expected by averaging N single-sample backward passes",
  ),
  s(
    "softmax_ce_delta",
    [D3("Output Layer Error (Cross-Entropy Loss + Softmax)"), D1("Backward Propagation")],
    "δᴸ = Aᴸ − Y per sample for softmax with cross-entropy",
    "expected δᴸ via −y/p times the full softmax Jacobian",
  ),
  s(
    "row_grad",
    [
      D0("Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)"),
      D0("Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)"),
    ],
    "∂L/∂W = Xᵀ·∂L/∂T, with ∂L/∂T already holding the 1/N",
    "row-layout backward cases against per-sample column derivations, transposed",
  ),
  s(
    "bias_fold_grad",
    [
      D0("Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)"),
      D0("Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)"),
    ],
    "the last row of [X | 1]ᵀ·∂L/∂T is db; the ones column receives no gradient",
    "expected dW, db unfolded from [A | 1]ᵀ·G, δ through G·[W; b]ᵀ with its last column dropped",
  ),
  s(
    "single_neuron_chain",
    [
      D2("1.3 Derivative of costs relative to weight"),
      D2("1.5 Derivative of costs relative to the activation of previous layer"),
      D3("Recursive Generalization (Using Chain Rule)"),
    ],
    "∂C₀/∂w⁽ᵏ⁾ = ∂C₀/∂aᴸ · σ′(zᴸ) · wᴸ ⋯ σ′(zᵏ) · aᵏ⁻¹",
    "expected as one explicit product of chain factors per layer",
  ),
  s(
    "grad_is_derivative",
    [
      D2("1.3 Derivative of costs relative to weight"),
      D3("Gradient w.r.t. Output Layer Parameters"),
    ],
    "dW and db are the partial derivatives of the batch cost",
    "expected by central differences of the cost",
  ),
  s(
    "sgd_update",
    [
      D1("Backward Propagation (updating rule)"),
      D2("after equations (4)–(6): W_new = W_initial − η∇W"),
      D3("Gradients for Hidden Layers"),
    ],
    "W ← W − η ∂C/∂W, b ← b − η ∂C/∂b",
    "expected = W − η·dW with dW from the Jacobian route",
  ),
  // shapes
  s(
    "shapes_000",
    [
      D0("Linear Transformation"),
      D0("Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)"),
    ],
    "784-h-10 in row layout: X N×784, W₁ 784×h₁, b₁ 1×h₁, T₁ N×h₁, ∂Loss/∂T₃ N×h₂",
    "expected written from the stated shapes",
  ),
  s(
    "shapes_001",
    [D1("Forward Propagation"), D1("Backward Propagation")],
    "784-128-64-10: W¹ 128×784, b¹ 128×1, Z¹ 128×1, W² 64×128, W³ 10×64, dW like W",
    "expected written from the stated shapes",
  ),
  s(
    "shapes_002",
    [D2("2.1 Dimension of the MLP"), D2("5. Numerical Example")],
    "W⁽ᴸ⁾ is n × m when layer L has n neurons and layer L−1 has m ([6, 4]: W is 4×6)",
    "expected written from the rule",
  ),
  s(
    "shapes_003",
    [D3("Neural Network Configuration"), D3("Backpropagation Derivations Used in Code")],
    "784-32-32-10: δ³ 10×n, dW³ 10×32, db³ 10×1, δ² 32×n",
    "expected written from the stated shapes",
  ),
  s(
    "grad_shape_matches",
    [
      D0(
        'Probability Distribution (T4) → Logits (T3) ("the gradient / jacobian dimensions match the node size")',
      ),
      D1('Backward Propagation ("the shape here should be equal to the shape of W")'),
    ],
    "every gradient has the shape of what it differentiates: dW like W, db like b, δ like z",
    "shapes cases: dW = W, db = b, δ = z",
  ),
];

/** Statements by id. */
export const STATEMENT_IDS: ReadonlySet<string> = new Set(STATEMENTS.map((x) => x.id));
