/**
 * Every statement (identity, definition, shape rule) the fixture corpus encodes, with where the
 * documents state it. A case lists the ids it encodes in `statements`; fixtures/SCHEMA.md tabulates
 * them. `doc: null` marks a standard fact the documents use without stating.
 *
 * @module
 */
import type { DocId } from "../spec/case_file.ts";

/**
 * Where a document states a statement: the section as cited, and, to find it in the text, a line of
 * the document that starts the section (`anchor`) and the statement as printed after it (`needle`),
 * both verbatim (tests/audit/audit_test.ts locates them where NN_ORACLE_DOCUMENTS names the documents).
 * `doc: null` is a standard fact the documents use without stating: no anchor, no needle.
 */
export interface Citation {
  /** The document, or null. */
  readonly doc: DocId | null;
  /** The section, as cited (or, for a standard fact, where it comes from). */
  readonly section: string;
  /** A line of the document that starts the section, verbatim. */
  readonly anchor?: string;
  /** The statement as the document prints it, verbatim, after `anchor`. */
  readonly needle?: string;
}

/** One statement. */
export interface Statement {
  /** Its id: lowercase snake_case. */
  readonly id: string;
  /** Where it is stated: documents and sections. */
  readonly where: readonly Citation[];
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

const cited = (doc: DocId) => (section: string, anchor: string, needle: string): Citation => ({
  doc,
  section,
  anchor,
  needle,
});
const D0 = cited("000");
const D1 = cited("001");
const D2 = cited("002");
const D3 = cited("003");
const STANDARD = (section: string): Citation => ({ doc: null, section });

/** The statements, grouped by topic. */
export const STATEMENTS: readonly Statement[] = [
  // activations
  s(
    "sigmoid_def",
    [
      D0("Sigmoid Activation", "#### Sigmoid Activation", "\\large \\tfrac{1}{1 + e^{-t_{ij}}}"),
      D1("Sigmoid", "### Sigmoid", "\\sigma(x) = \\frac{1}{1 + \\exp^{-x}}"),
    ],
    "σ(z) = 1/(1 + e^−z)",
    "expected from the formula evaluated literally; saturated inputs from its limits",
  ),
  s(
    "sigmoid_range",
    [D1("Sigmoid", "### Sigmoid", "The output range for sigmoid is between 0 and 1")],
    "σ(z) lies between 0 and 1",
    "every expected σ is in [0, 1] (checked over the corpus)",
  ),
  s(
    "sigmoid_prime",
    [
      D0(
        "Hidden Layer 1 Activation (T2) → Hidden Layer 1 Linear (T1)",
        "### Hidden Layer 1 Activation ($T_2$) → Hidden Layer 1 Linear ($T_1$)",
        "is $\\sigma(x) \\cdot (1 - \\sigma(x))$",
      ),
      D2(
        "Unstable Gradient: Vanishing and Explosion Gradient",
        "## Unstable Gradient: Vanishing and Explosion Gradient",
        "&= \\sigma(x) \\cdot (1 - \\sigma(x))",
      ),
    ],
    "σ′(z) = σ(z)(1 − σ(z))",
    "expected = a(1 − a) with a = σ(z) from the definition",
  ),
  s(
    "sigmoid_prime_max",
    [STANDARD(
      'standard consequence of σ′ = σ(1 − σ), which "Backpropagation notes" derives (Unstable Gradient: Vanishing and Explosion Gradient) without stating its bound',
    )],
    "σ′(z) ≤ 1/4, the maximum at z = 0",
    "σ′(0) = 0.25 exactly; every expected σ′ ≤ 0.25 (checked over the corpus)",
  ),
  s(
    "tanh_def",
    [D1(
      "Tanh ( Hyperbolic tangent )",
      "### Tanh ( Hyperbolic tangent )",
      "tanh(x) = \\frac{e^x - e^{-x}}{e^{x}+e^{-x}}",
    )],
    "tanh(z) = (e^z − e^−z)/(e^z + e^−z)",
    "expected from the exponential formula (moderate z)",
  ),
  s(
    "tanh_range",
    [D1(
      "Tanh ( Hyperbolic tangent )",
      "### Tanh ( Hyperbolic tangent )",
      "The output range for tanh is between -1 and 1",
    )],
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
    [
      D1("ReLU", "### ReLU", "ReLU(x) = max(0, x)"),
      D2("Example (ReLU)", "### **Example (ReLU):**", "\\sigma(z) = \\max(0, z)"),
    ],
    "ReLU(z) = max(0, z)",
    "expected written down from max(0, z)",
  ),
  s(
    "relu_range",
    [D1("ReLU", "### ReLU", "The output range for ReLU is \\[0, ∞)")],
    "ReLU(z) lies in [0, ∞)",
    "every expected ReLU is ≥ 0 (checked over the corpus)",
  ),
  s(
    "relu_prime",
    [
      D1("Backward Propagation (ReLU_ returns Z > 0)", "## Backward Propagation", "return Z > 0"),
      D2(
        "Example (ReLU)",
        "### **Example (ReLU):**",
        "\\sigma'(z) = 1 $ if $ z > 0 $, otherwise 0",
      ),
      D3(
        "Backpropagation Derivations Used in Code",
        "Backpropagation Derivations Used in Code",
        "\\sigma'(Z) = \\mathbb{I}(Z > 0)",
      ),
    ],
    "ReLU′(z) = 𝕀(z > 0): 1 if z > 0, otherwise 0, so ReLU′(0) = 0",
    "expected = 1 where z > 0 else 0, exact",
  ),
  s(
    "elementwise_shape",
    [D0(
      "Sigmoid Activation",
      "#### Sigmoid Activation",
      "the size of the resulting matrix post activation still remains the same",
    )],
    "an elementwise activation keeps the shape of its input",
    "non-square inputs; the output shape is the input's",
  ),
  // softmax
  s(
    "softmax_def",
    [
      D0(
        "Softmax Activation (Raw > Probability Distribution)",
        "#### Softmax Activation (Raw > Probability Distribution)",
        "\\tfrac{e^{u_1}}{\\sum_ie^{u_i}}",
      ),
      D1("Softmax", "### Softmax", "softmax(X) = \\frac{e^{x_i}}{\\sum_{i = 1}^{n}e^{x_i}}"),
    ],
    "pᵢ = e^{uᵢ} / Σⱼ e^{uⱼ} per sample",
    "expected from the formula (max-shifted) per sample",
  ),
  s(
    "softmax_simplex",
    [D1(
      "Softmax",
      "### Softmax",
      "The sum of all the numbers in the said vector will be equal to 1.",
    )],
    "softmax outputs lie in [0, 1] and sum to 1",
    "every expected p is in [0, 1] and each sample sums to 1 (checked over the corpus)",
  ),
  s(
    "softmax_argmax",
    [D1("Softmax", "### Softmax", "will be assigned the highest probability")],
    "the largest logit gets the highest probability",
    "the argmax of every expected p is the argmax of z (checked over the corpus)",
  ),
  s(
    "softmax_per_sample",
    [D0(
      "Probability Distribution (T4) → Logits (T3)",
      "### Probability Distribution (T4) → Logits (T3)",
      "will be a stack of Jacobians of these individual sample level mappings",
    )],
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
      D0(
        "Probability Distribution (T4) → Logits (T3)",
        "### Probability Distribution (T4) → Logits (T3)",
        "-T_{4[i,j]}(T_{4[i,k]})",
      ),
      D1(
        "Backward Propagation (case 1, case 2)",
        "## Backward Propagation",
        "-a_ia_j \\quad if\\; i \\ne j",
      ),
      D3(
        "Softmax + Cross Entropy Derivative (Full Expression)",
        "Softmax + Cross Entropy Derivative (Full Expression)",
        "-A_j A_i & \\text{if } i \\neq j",
      ),
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
    [
      D0(
        "Cross Entropy Loss",
        "## Cross Entropy Loss",
        "\\texttt{Loss}_i = -(\\sum_ky_{[ik]}(log(T_{4[ik]}))",
      ),
      D1(
        "Backward Propagation (L = −Σ yᵢ log ŷᵢ)",
        "## Backward Propagation",
        "L = -\\sum_{i=1}^{10}y_ilog(\\hat{y_i})",
      ),
    ],
    "Lossᵢ = −Σₖ yᵢₖ log pᵢₖ",
    "expected from the sum, terms with y = 0 left out (so p = 0 there is harmless)",
  ),
  s(
    "ce_one_hot",
    [D0(
      "Cross Entropy Loss",
      "## Cross Entropy Loss",
      "\\texttt{Loss}_i = -y_{[ij]}(log(T_{4[ij]}))",
    )],
    "with a one-hot y the loss reduces to −log p_true",
    "expected = −log p of the true class (from logits: log Σ e^z − z_true)",
  ),
  s(
    "ce_batch_mean",
    [D0(
      "Cross Entropy Loss",
      "## Cross Entropy Loss",
      "\\texttt{Loss} = -\\tfrac{1}{N}\\sum_i(\\sum_k{y_{[ik]}}(log(T_{4[ik]}))",
    )],
    "Loss = −(1/N) Σᵢ Σₖ yᵢₖ log pᵢₖ",
    "expected = mean of per-sample losses",
  ),
  s(
    "ce_grad_p",
    [
      D0(
        "Cross Entropy (Loss) → Probability Distribution (T4)",
        "### Cross Entropy (Loss) → Probability Distribution (T4)",
        "-\\tfrac{y_{[i,j]}}{N\\cdot T_{4[i,j]}}",
      ),
      D3(
        "Softmax + Cross Entropy Derivative (Full Expression) (per sample, no 1/N)",
        "Softmax + Cross Entropy Derivative (Full Expression)",
        "\\frac{\\partial C}{\\partial A_j} = -\\frac{y_j}{A_j}",
      ),
    ],
    "∂Loss/∂pᵢⱼ = −yᵢⱼ/(N pᵢⱼ)",
    "the first factor of the chain behind softmax_ce_grad and the Jacobian route",
  ),
  s(
    "softmax_ce_grad",
    [
      D0(
        "Cross Entropy (Loss) → Logits (T3) (Direct Jump, Simplification!)",
        "### Cross Entropy (Loss) →  Logits (T3) (Direct Jump, Simplification!)",
        "\\tfrac{T_{4[1,1]} - y_{[1,1]}}{N}",
      ),
      D1("Backward Propagation (A[3] − Y)", "## Backward Propagation", "= a_i - y_i"),
      D3(
        "Softmax + Cross Entropy Derivative (Full Expression)",
        "Softmax + Cross Entropy Derivative (Full Expression)",
        "\\frac{\\partial C}{\\partial z_i} = A_i - y_i",
      ),
    ],
    "∂Loss/∂z = (P − Y)/N",
    "expected via the chain (∂Loss/∂P)·(∂P/∂z) with the full softmax Jacobian",
  ),
  s(
    "quadratic_squared",
    [
      D2(
        "§1.1 Cost of a single sample from training set",
        "### 1.1 Cost of a single sample from training set",
        "C_0(...)=( a^{(L)}-y)^2",
      ),
      D2(
        "§1.3 Derivative of costs relative to weight",
        "### 1.3 Derivative of costs relative to weight",
        "=2( a^{(L)}-y)",
      ),
      D2(
        "§2.4 δⱼ^(L): the error of neuron j in layer L",
        "## 2.4 $\\delta^{(L)}_{j}$: The error of neuron $j$ in layer $L$",
        "=2(a_{j}^{(L)}-y_{j})",
      ),
      D2(
        "§2.5.1, equation (1)",
        "### 2.5.1",
        "&= 2(\\textbf{a}^{(L)}-\\textbf{y}) \\odot \\sigma^{\\prime}(\\textbf{z}^{(L)})\\tag{1}",
      ),
    ],
    "C₀ = Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = 2(a − y)",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "quadratic_half",
    [
      D2(
        "§2.5.1 δ^L, the error term at the output layer",
        "### 2.5.1",
        "C = \\frac{1}{2} \\| a^L - y \\|^2 = \\frac{1}{2} \\sum_i (a^L_i - y_i)^2",
      ),
      D2(
        "§3.2 Case 1: Output Layer δ^L",
        "### 3.2 Case 1: Output Layer",
        "\\quad \\Rightarrow \\quad \\frac{\\partial C}{\\partial a^L} = a^L - y",
      ),
      D2(
        "§5 Numerical Example",
        "## 5. Numerical Example",
        "**Quadratic cost**: $ C = \\frac{1}{2}(a^L - y)^2 $",
      ),
    ],
    "C = ½‖a − y‖², ∂C/∂a = a − y",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "quadratic_mean",
    [D3(
      "Backpropagation Generalized: Multiple Neuron in Each Layer",
      "Backpropagation Generalized: Multiple Neuron in Each Layer",
      "C_0 = \\frac{1}{n_L} \\sum_{j=0}^{n_L-1} (a_j^{(L)} - y_j)^2",
    )],
    "C₀ = (1/n_L) Σⱼ (aⱼ − yⱼ)², so ∂C₀/∂a = (2/n_L)(a − y)",
    "cost from the sum; gradient by central differences of the cost",
  ),
  s(
    "cost_batch_mean",
    [D2(
      "§1.6 Cost for all training",
      "### 1.6 Cost for all training",
      "The cost for all training example is average cost for all examples",
    )],
    "the cost of a batch is the mean of the per-sample costs",
    "expected = (1/N) Σₖ Cₖ",
  ),
  // layers
  s(
    "dense_column",
    [
      D1("Forward Propagation", "## Forward Propagation", "Z^{[1]} = W^{[1]}X + b^{[1]}"),
      D2(
        "§2.1 Dimension of the MLP",
        "### 2.1 Dimension of the MLP",
        "z^{(L)}= \\textbf{W}^{(L)}_{n \\times m} \\times a^{(L-1)}_{m \\times 1} + b^{(L)}_{n \\times 1}",
      ),
      D3(
        "Notation and Structure › Generalizing",
        "Generalizing:",
        "\\vec{a}^{(k+1)} = \\sigma \\left(W^{(k+1)} \\vec{a}^{(k)} + \\vec{b}^{(k+1)} \\right)",
      ),
    ],
    "z = W·a + b with W of n_l × n_{l−1}, a = f(z)",
    "expected per sample by the summation form",
  ),
  s(
    "dense_summation",
    [
      D3(
        "Notation and Structure › Generalizing",
        "Generalizing:",
        "a_j^{(k+1)} = \\sigma \\left(\\sum_{i=0}^{n_k} w_{j,i}^{(k+1)} \\cdot a_i^{(k)} + b_j^{(k+1)} \\right)",
      ),
      D2(
        "§2.1 Dimension of the MLP",
        "### 2.1 Dimension of the MLP",
        "z_{j}^{(L)}=w_{j,0}^{(L)}\\times a^{(L-1)}_{0} +",
      ),
    ],
    "zⱼ = Σᵢ wⱼᵢ aᵢ + bⱼ",
    "expected by explicit sums, one neuron at a time",
  ),
  s(
    "dense_row",
    [D0(
      "Hidden Layer 1 › Linear Transformation",
      "#### Linear Transformation",
      "$T_1 = X W_1 + b_1$",
    )],
    "T = X·W + b, b of 1 × h broadcast over the N rows",
    "expected by explicit sums, one sample (row) at a time",
  ),
  s(
    "bias_fold",
    [D0(
      "Hidden Layer 1 › Linear Transformation",
      "#### Linear Transformation",
      "= XW_1 + \\mathbf{1}b_1",
    )],
    "[X | 1]·[W; b] = X·W + 1·b",
    "expected = the folded product [X | 1]·[W; b]",
  ),
  s(
    "layout_transpose",
    [
      D2(
        "The Two Worlds: Vector Calculus vs Matrix Calculus",
        "## The Two Worlds: Vector Calculus vs Matrix Calculus",
        "We Were Doing Matrix Calculus then the $\\delta^L$ is ${1 \\times 2}$",
      ),
      D0(
        "Cross Entropy (Loss) → Probability Distribution (T4)",
        "### Cross Entropy (Loss) → Probability Distribution (T4)",
        "we’re using the denominator layout here, instead of numerator layout",
      ),
    ],
    "the row (matrix-calculus) and column (vector) conventions give the same numbers, transposed",
    "each row-layout case is the transpose of a column-layout twin computed per sample",
  ),
  // backpropagation
  s(
    "output_delta_hadamard",
    [
      D2(
        "§2.5.1 δ^L, the error term at the output layer",
        "### 2.5.1",
        "\\delta^L = \\left( a^L - y \\right) \\odot \\sigma'(z^L)",
      ),
      D2(
        "§3.2 Case 1: Output Layer δ^L",
        "### 3.2 Case 1: Output Layer",
        "= \\frac{\\partial C}{\\partial a^L} \\odot \\sigma'(z^L)",
      ),
    ],
    "δᴸ = ∂C/∂aᴸ ⊙ σ′(zᴸ)",
    "expected via the full (diagonal) Jacobian product",
  ),
  s(
    "jacobian_hadamard",
    [
      D2(
        "§2.5.1 (So Why Do We Use Element-wise Product?)",
        "**So Why Do We Use Element-wise Product?**",
        "this is equivalent to **element-wise multiplication**",
      ),
      D0(
        "Hidden Layer 1 Activation (T2) → Hidden Layer 1 Linear (T1)",
        "### Hidden Layer 1 Activation ($T_2$) → Hidden Layer 1 Linear ($T_1$)",
        "The chain rule for element-wise operations is a simple element-wise multiplication",
      ),
    ],
    "the Jacobian of an elementwise activation is diagonal, so Jacobian × vector = Hadamard product",
    "expected δ built from explicit full Jacobian products",
  ),
  s(
    "delta_recursion",
    [
      D3(
        "Matrix Form of δ (Recursive)",
        "Matrix Form of δ (Recursive)",
        "\\delta^{(\\ell)} = \\left(W^{[\\ell+1]} \\right)^T \\delta^{(\\ell+1)} \\odot \\sigma'(z^{(\\ell)})",
      ),
      D2(
        "§3.3 Case 2: Hidden Layers",
        "### 3.3 Case 2: Hidden Layers",
        "\\delta^l = (w^{l+1})^T \\delta^{l+1} \\odot \\sigma'(z^l)",
      ),
      D1(
        "Backward Propagation (∂L/∂b[2], shapes)",
        "## Backward Propagation",
        "[W^{[3]^T}{(64 \\times 10)}(A^{[3]} - Y){(10 \\times 1)}]{(64 \\times 1)} \\circ ReLU^{|}(Z^{[2]})_{(64 \\times 1)}",
      ),
    ],
    "δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ)",
    "expected δ from explicit Jacobian products ∂zˡ⁺¹/∂zˡ = Wˡ⁺¹·diag(f′(zˡ))",
  ),
  s(
    "delta_index_form",
    [
      D3(
        "Recursive Formula for δ (Backward Pass)",
        "Recursive Formula for δ (Backward Pass)",
        "\\delta_a^{(\\ell)} = \\sum_{k=0}^{n_{\\ell+1}-1} \\delta_k^{(\\ell+1)} w_{ka}^{(\\ell+1)} \\cdot \\sigma'(z_a^{(\\ell)})",
      ),
      D3(
        "Recursive Gradient Generalization (Layer-wise)",
        "Recursive Gradient Generalization (Layer-wise)",
        "\\sum_{k_L=0}^{n_L-1} \\sum_{k_{L-1}=0}^{n_{L-1}-1} \\cdots",
      ),
    ],
    "δₐˡ = Σₖ δₖˡ⁺¹ wₖₐˡ⁺¹ σ′(zₐˡ), i.e. nested sums over every path to the output",
    "expected δ by enumerating every path (unmemoised nested sums)",
  ),
  s(
    "grad_prev_activation",
    [
      D2("§2.4.2 ∂C/∂a^(L−1) in matrix form", "### 2.4.2", "(w^{(L)})^T \\cdot \\delta^L"),
      D0(
        "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)",
        "### Logits (T3) → Hidden Layer 1 (T2)",
        "\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Y} \\cdot A^T",
      ),
    ],
    "∂C/∂aᴸ⁻¹ = (Wᴸ)ᵀ δᴸ (row layout: ∂L/∂X = ∂L/∂T · Wᵀ)",
    "the transposed-weight factor of the Jacobian route (∂zˡ⁺¹/∂aˡ = Wˡ⁺¹); input_grad: ∂C/∂x = (W¹)ᵀ δ¹ / N by Jacobians and by central differences in x",
  ),
  s(
    "dw_outer",
    [
      D2(
        "§2.6.1 ∂C/∂w^L, the error term relative to weight in layer L",
        "### 2.6.1",
        "[\\delta^l (a^{l-1})^T]_{ij} = \\delta^l_i \\cdot a^{l-1}_j",
      ),
      D3(
        "Vectorized Form",
        "Vectorized Form",
        "\\frac{\\partial C_0}{\\partial \\mathbf{W}^{(\\ell)}} = \\delta^{(\\ell)} (\\mathbf{a}^{[\\ell-1]})^T",
      ),
    ],
    "∂C₀/∂W = δ aᵀ, [δ aᵀ]ᵢⱼ = δᵢ aⱼ",
    "expected dW as a sum of per-sample outer products",
  ),
  s(
    "db_delta",
    [
      D2(
        "§2.6.2 ∂C/∂b^L, the error relative to bias in layer L",
        "### 2.6.2",
        "\\frac{\\partial \\textbf{c}}{\\partial \\textbf{b}^{(L)}}=\\boldsymbol{\\delta}^{(L)}",
      ),
      D3(
        "Vectorized Form",
        "Vectorized Form",
        "\\frac{\\partial C_0}{\\partial \\mathbf{b}^{(\\ell)}} = \\delta^{(\\ell)}",
      ),
    ],
    "∂C₀/∂b = δ",
    "expected db = the mean of per-sample δ",
  ),
  s(
    "grad_batch_mean",
    [
      D2(
        "§1.6 Cost for all training",
        "### 1.6 Cost for all training",
        "\\frac{1}{n} \\sum_{k=0}^{n-1} \\frac{ \\partial C_k }{ \\partial w^{(L)}}",
      ),
      D3(
        "Averaging Gradients Across Training Examples",
        "Averaging Gradients Across Training Examples",
        "\\frac{1}{n} \\sum_{k=0}^{n-1} \\frac{\\partial C_k}{\\partial w^{(L)}}",
      ),
      D3(
        "Gradient w.r.t. Output Layer Parameters",
        "Gradient w.r.t. Output Layer Parameters",
        "\\frac{\\partial C}{\\partial W^{[3]}} = \\frac{1}{n} \\delta^{[3]} (A^{[2]})^T",
      ),
    ],
    "∂C/∂w = (1/n) Σₖ ∂Cₖ/∂w: dW = (1/n) δ Aᵀ, db = (1/n) Σ δ",
    "expected by averaging N single-sample backward passes",
  ),
  s(
    "softmax_ce_delta",
    [
      D3(
        "Output Layer Error (Cross-Entropy Loss + Softmax)",
        "Output Layer Error (Cross-Entropy Loss + Softmax)",
        "\\delta^{[3]} = A^{[3]} - Y",
      ),
      D1("Backward Propagation", "## Backward Propagation", "= A^{[3]} - Y }"),
    ],
    "δᴸ = Aᴸ − Y per sample for softmax with cross-entropy",
    "expected δᴸ via −y/p times the full softmax Jacobian",
  ),
  s(
    "row_grad",
    [
      D0(
        "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)",
        "### Logits (T3) → Hidden Layer 1 (T2)",
        "\\frac{\\partial L}{\\partial A} = X^T \\cdot \\frac{\\partial L}{\\partial Y}",
      ),
      D0(
        "Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)",
        "### Hidden Layer 1 Linear ($T_1$) → Input ($X$)",
        "\\frac{\\partial \\text{Loss}}{\\partial W1\\_b1} = (X_{ext})^T \\cdot \\frac{\\partial \\text{Loss}}{\\partial T_1}",
      ),
    ],
    "∂L/∂W = Xᵀ·∂L/∂T, with ∂L/∂T already holding the 1/N",
    "row-layout backward cases against per-sample column derivations, transposed",
  ),
  s(
    "bias_fold_grad",
    [
      D0(
        "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)",
        "### Logits (T3) → Hidden Layer 1 (T2)",
        "the last row of this gradient matrix corresponds to the gradient for the bias",
      ),
      D0(
        "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)",
        "### Logits (T3) → Hidden Layer 1 (T2)",
        "as the gradient doesn't flow to those constant",
      ),
      D0(
        "Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)",
        "### Hidden Layer 1 Linear ($T_1$) → Input ($X$)",
        "we can easily seperate out these gradients for",
      ),
    ],
    "the last row of [X | 1]ᵀ·∂L/∂T is db; the ones column receives no gradient",
    "expected dW, db unfolded from [A | 1]ᵀ·G, δ through G·[W; b]ᵀ with its last column dropped",
  ),
  s(
    "single_neuron_chain",
    [
      D2(
        "§1.3 Derivative of costs relative to weight",
        "### 1.3 Derivative of costs relative to weight",
        "= 2( a^{(L)}-y) \\sigma' (z^{(L)}) a^{(L-1)}",
      ),
      D2(
        "§1.5 Derivative of costs relative to the activation of previous layer",
        "### 1.5 Derivative of costs relative to the activation of previous layer",
        "\\frac{\\partial z^{(L)}} { \\partial a^{(L-1)} }",
      ),
      D3(
        "Recursive Generalization (Using Chain Rule)",
        "Recursive Generalization (Using Chain Rule)",
        "\\frac{\\partial z^{(k+1)}}{\\partial a^{(k)}} \\cdot \\frac{\\partial a^{(k)}}{\\partial z^{(k)}} \\cdot \\frac{\\partial z^{(k)}}{\\partial w^{(k)}}",
      ),
    ],
    "∂C₀/∂w⁽ᵏ⁾ = ∂C₀/∂aᴸ · σ′(zᴸ) · wᴸ ⋯ σ′(zᵏ) · aᵏ⁻¹",
    "expected as one explicit product of chain factors per layer",
  ),
  s(
    "grad_is_derivative",
    [
      D2(
        "§1.3 Derivative of costs relative to weight",
        "### 1.3 Derivative of costs relative to weight",
        "\\frac{ \\partial C_0 }{ \\partial w^{(L)} } = \\frac{ \\partial C_0 }{ \\partial a^{(L)} }",
      ),
      D3(
        "Gradient w.r.t. Output Layer Parameters",
        "Gradient w.r.t. Output Layer Parameters",
        "\\frac{\\partial C}{\\partial W^{[3]}}",
      ),
    ],
    "dW and db are the partial derivatives of the batch cost",
    "expected by central differences of the cost",
  ),
  s(
    "sgd_update",
    [
      D1(
        "Backward Propagation (updating rule)",
        "## Backward Propagation",
        "W^{[l]} := W^{[l]} - \\alpha \\frac{\\partial{L}}{\\partial{W^{[l]}}}",
      ),
      D2(
        "after equations (4)–(6), before Unstable Gradient",
        "$\\textbf{Reminder:}$",
        "\\textbf{W}_{new}=\\textbf{W}_{initial}-\\eta \\nabla (\\textbf{W}_{initial})",
      ),
      D3(
        "Gradients for Hidden Layers",
        "Gradients for Hidden Layers",
        "W^{[l]} \\leftarrow W^{[l]} - \\eta \\frac{\\partial C}{\\partial W^{[l]}}",
      ),
    ],
    "W ← W − η ∂C/∂W, b ← b − η ∂C/∂b",
    "expected = W − η·dW with dW from the Jacobian route",
  ),
  // shapes
  s(
    "shapes_000",
    [
      D0(
        "Hidden Layer 1 › Linear Transformation",
        "#### Linear Transformation",
        "$W_1 \\in \\mathbb{R}^{784 \\times h_1}$",
      ),
      D0(
        "Cross Entropy (Loss) → Logits (T3) (Direct Jump, Simplification!)",
        "### Cross Entropy (Loss) →  Logits (T3) (Direct Jump, Simplification!)",
        "\\end{bmatrix} \\in \\mathbb{R}^{N\\times h_2}",
      ),
    ],
    "784-h-10 in row layout: X N×784, W₁ 784×h₁, b₁ 1×h₁, T₁ N×h₁, ∂Loss/∂T₃ N×h₂",
    "expected written from the stated shapes",
  ),
  s(
    "shapes_001",
    [
      D1(
        "Forward Propagation",
        "## Forward Propagation",
        "Our W\\[1\\] here is of shape (128 × 784)",
      ),
      D1("Backward Propagation", "## Backward Propagation", "(\\therefore shape=(10 \\times 64))"),
    ],
    "784-128-64-10: W¹ 128×784, b¹ 128×1, Z¹ 128×1, W² 64×128, W³ 10×64, dW like W",
    "expected written from the stated shapes",
  ),
  s(
    "shapes_002",
    [
      D2(
        "§2.1 Dimension of the MLP",
        "### 2.1 Dimension of the MLP",
        "\\end{bmatrix}_{4 \\times 6} \\times$",
      ),
      D2(
        "§5 Numerical Example ([2,3,2] summary)",
        "## 5. Numerical Example",
        "$ 2 \\times 3 $ matrix shown above",
      ),
    ],
    "W⁽ᴸ⁾ is n × m when layer L has n neurons and layer L−1 has m ([6, 4]: W is 4×6)",
    "expected written from the rule",
  ),
  s(
    "shapes_003",
    [
      D3(
        "Neural Network Configuration",
        "Neural Network Configuration",
        "Input layer: 784 neurons (flattened 28×28 image)",
      ),
      D3(
        "Backpropagation Derivations Used in Code",
        "Backpropagation Derivations Used in Code",
        "\\delta^{[3]} = A^{[3]} - Y \\quad (10 \\times n)",
      ),
    ],
    "784-32-32-10: δ³ 10×n, dW³ 10×32, db³ 10×1, δ² 32×n",
    "expected written from the stated shapes",
  ),
  s(
    "grad_shape_matches",
    [
      D0(
        'Probability Distribution (T4) → Logits (T3) ("the gradient / jacobian dimensions match the node size")',
        "### Probability Distribution (T4) → Logits (T3)",
        "the gradient / jacobian dimensions match the node size",
      ),
      D1(
        'Backward Propagation ("the shape here should be equal to the shape of W")',
        "## Backward Propagation",
        "the shape here should be equal to the shape of W",
      ),
    ],
    "every gradient has the shape of what it differentiates: dW like W, db like b, δ like z",
    "shapes cases: dW = W, db = b, δ = z",
  ),
  s(
    "softmax_ce_needs_sum_one",
    [
      D0(
        "Cross Entropy (Loss) → Logits (T3) (Direct Jump, Simplification!)",
        "### Cross Entropy (Loss) →  Logits (T3) (Direct Jump, Simplification!)",
        "so it sums up to 1",
      ),
      D1(
        "Backward Propagation (∂L/∂Z[3])",
        "## Backward Propagation",
        "Note\\; that \\; \\sum{y_i} = 1",
      ),
    ],
    "Σⱼ yⱼ = 1 is what turns the chain −y/p · (diag(p) − ppᵀ) into p − y; in general ∂Loss/∂z = (p·Σⱼ yⱼ − y)/N",
    "targets summing to 0.5, 2 and 0: expected via the chain −y/p times the full softmax Jacobian, which is not p − y",
  ),
  s(
    "elementary_partials",
    [
      D2(
        "§2.4 δⱼ^(L): the error of neuron j in layer L",
        "## 2.4 $\\delta^{(L)}_{j}$: The error of neuron $j$ in layer $L$",
        "\\frac{\\partial z_{j}^{(L)}}{\\partial w_{jk}^{(L)}}=a^{(L-1)}_{k}",
      ),
      D2(
        "§2.4 δⱼ^(L): the error of neuron j in layer L",
        "## 2.4 $\\delta^{(L)}_{j}$: The error of neuron $j$ in layer $L$",
        "\\frac{\\partial z_{j}^{(L)}}{\\partial b_{j}^{(L)}}=1",
      ),
      D3(
        "Vectorizing Backpropagation Equations",
        "Vectorizing Backpropagation Equations",
        "\\frac{\\partial z_a^{(\\ell)}}{\\partial w_{ab}^{(\\ell)}} = a_b^{(\\ell-1)} \\quad \\text{and} \\quad \\frac{\\partial z_a^{(\\ell)}}{\\partial b_a^{(\\ell)}} = 1",
      ),
    ],
    "∂zⱼ/∂wⱼₖ = aₖ and ∂zⱼ/∂bⱼ = 1",
    "dense_forward with one weight or bias moved by h = 2⁻²⁰: the change of z is h·aₖ or h, exactly",
  ),
  s(
    "loss_scalar_gradient_stack",
    [
      D0("Cross Entropy Loss", "## Cross Entropy Loss", "The calculated loss is a scalar entity."),
      D1("Backward Propagation", "## Backward Propagation", "This gives us a scalar value."),
      D2(
        "§1.6 Cost for all training",
        "### 1.6 Cost for all training",
        "\\nabla C=\\begin{bmatrix}",
      ),
      D2(
        "§2.5.1 δ^L, the error term at the output layer",
        "### 2.5.1",
        "$ C \\in \\mathbb{R} $ (a scalar loss function)",
      ),
    ],
    "the loss is one number, and ∇C stacks ∂C/∂w and ∂C/∂b of every layer",
    "the expected loss is a scalar; dW and db list every layer, each entry the central difference of that scalar",
  ),
  s(
    "bias_fold_shape",
    [
      D0(
        "Hidden Layer 1 Linear (T1) → Input (X) and First Layer Weights (W1_b1)",
        "### Hidden Layer 1 Linear ($T_1$) → Input ($X$)",
        "\\in \\mathbb{R}^{(784 + 1) \\times h_1}",
      ),
      D0(
        "Hidden Layer 2 › Linear Transformation (Logits)",
        "#### Linear Transformation (Logits)",
        "W_2’ \\in \\mathbb{R}^{(h1 + 1) \\times {h2}}",
      ),
    ],
    "the folded weight [W; b] is (n_{l−1} + 1) × n_l: (784 + 1) × h₁, (h₁ + 1) × h₂",
    "every shapes case asks for Wb, the folded weight: (n_{l−1} + 1) × n_l in rows ([W; b], 785 × h₁ for MNIST), n_l × (n_{l−1} + 1) in columns ([W | b])",
  ),
];

/** Statements by id. */
export const STATEMENT_IDS: ReadonlySet<string> = new Set(STATEMENTS.map((x) => x.id));
