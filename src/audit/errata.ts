/**
 * The formula errata of the four documents: each one located (document, section, and the printed
 * formula verbatim, so a test can find it), with the correction and its kind. Also the claims that
 * look wrong at first sight but were checked and hold, so nobody reports them again.
 *
 * @module
 */
import type { DocId } from "./documents.ts";

/**
 * What is wrong with a formula or a statement: a label, an index, the order of two indices, a transpose,
 * a printed shape, a sign, a missing factor, a count off by one, a typo, a claim in words that does not
 * hold, or one cost convention's formula used beside another's.
 */
export type ErratumKind =
  | "wrong label"
  | "wrong index"
  | "index order"
  | "transpose"
  | "dimension claim"
  | "sign"
  | "missing factor"
  | "off-by-one"
  | "typo"
  | "false claim"
  | "convention";

/** A place in a document. */
export interface Location {
  /** The document. */
  readonly doc: DocId;
  /** The section, as cited. */
  readonly section: string;
  /** A heading (or other line) of the document that starts the section, verbatim. */
  readonly anchor: string;
  /** The printed text, verbatim from the document's source (LaTeX), found after `anchor`. */
  readonly needle: string;
}

/** One formula erratum. */
export interface Erratum extends Location {
  /** Stable id, e.g. `e002-1`. */
  readonly id: string;
  /** The formula as printed, in plain notation. */
  readonly printed: string;
  /** What it should say, and why. */
  readonly correction: string;
  /** The kind of error. */
  readonly kind: ErratumKind;
}

/** A claim that was checked and is right. */
export interface CheckedClaim extends Location {
  /** What was checked. */
  readonly claim: string;
  /** Why it holds. */
  readonly reason: string;
}

const BACKWARD_001 = "## Backward Propagation";
const REMINDER_002 = "$\\textbf{Reminder:}$";
const DELTA_002 = "Now let's compute $\\delta_k^{(L-1)}$:";
const DIRECT_000 = "### Cross Entropy (Loss) →  Logits (T3) (Direct Jump, Simplification!)";
const GENERALIZED_003 = "Backpropagation Generalized: Multiple Neuron in Each Layer";
const MATRIX_DELTA_003 = "Matrix Form of δ (Recursive)";
const CE_000 = "## Cross Entropy Loss";
const SOFTMAX_001 = "### Softmax";
const OUTPUT_002 = "### 2.5.1";

/**
 * 002's equation (1) against its own worked examples, with what the [2,2,1] example gives under (1)
 * (tests/audit/audit_test.ts recomputes these values; the fixtures hold the example under both).
 */
const EQ1_CORRECTION = "2(a − y) is ∂C₀/∂a of C₀ = Σⱼ (aⱼ − yⱼ)² (§1.1, §2.1), but §2.5.1, §3.2 " +
  "and both worked examples take C = ½‖a − y‖², whose ∂C/∂a is a − y; under (1) every δ, ∇w and ∇b " +
  "doubles: the [2,2,1] example gives ∂C/∂a² = −0.7139, δ² = ∇b² = −0.1762, " +
  "δ¹ = ∇b¹ = [−0.0299, 0.0517], ∇w² = [−0.1033, −0.1012], " +
  "∇w¹ = [[−0.0299, −0.0150], [0.0517, 0.0258]] instead of its −0.3569, −0.0880, [−0.0149, 0.0258], " +
  "[−0.0516, −0.0505], [[−0.0149, −0.0075], [0.0258, 0.0129]] (fixtures doc002/ex221/*-eq1)";

/** Every formula erratum, by document. */
export const ERRATA: readonly Erratum[] = [
  {
    id: "e000-1",
    doc: "000",
    section: "Forward Pass › Softmax Activation",
    anchor: "#### Softmax Activation (Raw > Probability Distribution)",
    needle: "T_{3[i,:]} = [u_0, u_1, \\cdots, u_{h_2}]",
    printed: "T₃[i,:] = [u₀, u₁, ⋯, u_{h₂}]",
    correction:
      "[u₁, u₂, ⋯, u_{h₂}]: T₃ is N × h₂, so a row has h₂ entries, not h₂ + 1 (the later " +
      "sections index 1 … h₂); printed again in Probability Distribution (T4) → Logits (T3)",
    kind: "off-by-one",
  },
  {
    id: "e000-2",
    doc: "000",
    section: "Forward Pass › Softmax Activation",
    anchor: "#### Softmax Activation (Raw > Probability Distribution)",
    needle: "\\tfrac{e^{u_0}}{\\sum_ie^{u_i}}",
    printed: "T₄[i,:] = [e^{u₀} / Σᵢ e^{uᵢ}, …]",
    correction:
      "e^{u₀} / Σₖ e^{uₖ}: the sum's index i is already the row (sample) index of T₄[i,:]",
    kind: "wrong index",
  },
  {
    id: "e000-3",
    doc: "000",
    section: "Back-Propagation › Cross Entropy (Loss) → Probability Distribution (T4)",
    anchor: "### Cross Entropy (Loss) → Probability Distribution (T4)",
    needle: "\\tfrac{\\partial \\texttt{Loss}}{T_{4[1, 1]}}",
    printed: "∂Loss / T₄[1,1] and ∂Loss / T₄[N,1] (first column of ∂Loss/∂T₄)",
    correction: "∂Loss / ∂T₄[1,1] and ∂Loss / ∂T₄[N,1]",
    kind: "typo",
  },
  {
    id: "e000-4",
    doc: "000",
    section: "Back-Propagation › Cross Entropy (Loss) → Logits (T3) (Direct Jump)",
    anchor: DIRECT_000,
    needle: "\\large \\tfrac{T_{4[i,j]} - y_{[i,j]}}{N}",
    printed: "∂Loss/∂T₃[i,k] = … = (T₄[i,j] − y[i,j]) / N",
    correction: "(T₄[i,k] − y[i,k]) / N: the result is for column k; j was the summation index",
    kind: "wrong index",
  },
  {
    id: "e000-5",
    doc: "000",
    section: "Cross Entropy Loss",
    anchor: CE_000,
    needle: "\\texttt{Loss}_i = -(\\sum_ky_{[ik]}(log(T_{4[ik]}))",
    printed: "Lossᵢ = −(Σₖ y[ik](log(T₄[ik])), and Loss = −(1/N) Σᵢ(Σₖ y[ik](log(T₄[ik]))",
    correction:
      "Lossᵢ = −Σₖ y[ik] log T₄[ik]: one parenthesis is opened and never closed, in the " +
      "per-sample loss and in the batch loss (printed again in Back-Propagation)",
    kind: "typo",
  },
  {
    id: "e000-6",
    doc: "000",
    section: "Forward Pass › Hidden Layer 2 › Linear Transformation (Logits)",
    anchor: "#### Linear Transformation (Logits)",
    needle: "(Unnormalized class output probabilities)",
    printed: "“logits (Unnormalized class output probabilities)”",
    correction:
      "logits are unnormalised log-probabilities: any real numbers, negative too; softmax " +
      "exponentiates them before normalising, so dividing T₃ by its row sums gives no probabilities",
    kind: "wrong label",
  },
  {
    id: "e000-7",
    doc: "000",
    section: "Forward Pass › Hidden Layer 2",
    anchor: "## Forward Pass",
    needle: "### Hidden Layer 2",
    printed: "“Hidden Layer 2” (the layer that makes the logits T₃)",
    correction: "the output layer: h₂ is the number of classes (the section's own words) and T₃ " +
      "feeds softmax and the loss; the network has one hidden layer (T₁, T₂)",
    kind: "wrong label",
  },
  {
    id: "e001-1",
    doc: "001",
    section: "Forward Propagation",
    anchor: "## Forward Propagation",
    needle: "Z_{(10\\times1)}^{[3]} = [WA + b]_{(10\\times1)}^{[2]}",
    printed: "Z^{[3]}_{(10×1)} = [WA + b]^{[2]}_{(10×1)}",
    correction: "[WA + b]^{[3]}_{(10×1)}: it is layer 3",
    kind: "wrong label",
  },
  {
    id: "e001-2",
    doc: "001",
    section: "Forward Propagation › Softmax",
    anchor: "### Softmax",
    needle: "softmax(X) = \\frac{e^{x_i}}{\\sum_{i = 1}^{n}e^{x_i}}",
    printed: "softmax(X) = e^{xᵢ} / Σ_{i=1}^{n} e^{xᵢ}",
    correction: "softmax(X)ᵢ = e^{xᵢ} / Σ_{k=1}^{n} e^{xₖ}: the sum needs its own index",
    kind: "wrong index",
  },
  {
    id: "e001-3",
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[3]",
    anchor: BACKWARD_001,
    needle:
      "is \\; simply\\; the \\; derivative\\; of \\; softmax\\; with\\; respect\\; to \\; A^{[3]}",
    printed:
      "∂L/∂A^{[3]} · ∂A^{[3]}/∂Z^{[3]} is “the derivative of softmax with respect to A^{[3]}”",
    correction:
      "it is ∂L/∂Z^{[3]}: the derivative of the loss (softmax, then cross-entropy) with " +
      "respect to Z^{[3]}",
    kind: "wrong label",
  },
  {
    id: "e001-4",
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[3]",
    anchor: BACKWARD_001,
    needle: "= (SD)A^{[2]}",
    printed: "∂L/∂W^{[3]} = (SD)A^{[2]}, then = (A^{[3]} − Y)A^{[2]}",
    correction:
      "(A^{[3]} − Y)A^{[2]ᵀ} (10 × 1 times 1 × 64); the text transposes A^{[2]} a few lines later",
    kind: "transpose",
  },
  {
    id: "e001-5",
    doc: "001",
    section: "Backward Propagation › ∂A[3]/∂Z[3]",
    anchor: BACKWARD_001,
    needle:
      "\\frac{\\partial{A^{[3]}}}{\\partial{Z^{[3]}}} = \\frac{\\partial{a_i}}{\\partial{z_i}}",
    printed: "∂A^{[3]}/∂Z^{[3]} = ∂aᵢ/∂zᵢ",
    correction: "∂aᵢ/∂zⱼ, an entry of the Jacobian; ∂aᵢ/∂zᵢ is only its diagonal (case 1)",
    kind: "wrong index",
  },
  {
    id: "e001-6",
    doc: "001",
    section: "Backward Propagation › ∂L/∂Z[3] (cross-entropy)",
    anchor: BACKWARD_001,
    needle: "= -y_i(1 - a_i) - \\sum y_k a_i",
    printed: "= −yᵢ(1 − aᵢ) − Σ yₖaᵢ, then = −yᵢ + yᵢaᵢ − Σ yₖaᵢ",
    correction: "−yᵢ(1 − aᵢ) + Σ yₖaᵢ: in −Σ (yₖ/aₖ)(−aᵢaₖ) the two minus signs cancel; the next " +
      "line, (yᵢ + Σ yₖ)aᵢ − yᵢ, has the right sign again",
    kind: "sign",
  },
  {
    id: "e001-7",
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[3], ∂L/∂b[3]",
    anchor: BACKWARD_001,
    needle: "= \\frac{L}{\\partial{Z^{[3]}}}",
    printed: "… = L / ∂Z^{[3]} · ∂Z^{[3]}/∂W^{[3]} (and the same for b^{[3]})",
    correction: "∂L / ∂Z^{[3]}",
    kind: "typo",
  },
  {
    id: "e001-8",
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[2]",
    anchor: BACKWARD_001,
    needle: "= (A^{[3]} - Y)W^{[3]}ReLU^{|}(Z^{[2]})A^{[1]}",
    printed: "∂L/∂W^{[2]} = (A^{[3]} − Y)W^{[3]}ReLU′(Z^{[2]})A^{[1]}",
    correction: "(W^{[3]ᵀ}(A^{[3]} − Y) ⊙ ReLU′(Z^{[2]})) A^{[1]ᵀ}: as written the product is " +
      "undefined (10 × 1 by 10 × 64); the shape calculation reorders it; ∂L/∂b^{[2]}, ∂L/∂W^{[1]} " +
      "and ∂L/∂b^{[1]} are first written the same way",
    kind: "transpose",
  },
  {
    id: "e001-9",
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[2], shapes",
    anchor: BACKWARD_001,
    needle: "A^{[2]^T}_{(1 \\times 128)}",
    printed: "[W^{[3]ᵀ}(A^{[3]} − Y)]_{(64×1)} ∘ ReLU′(Z^{[2]})_{(64×1)} A^{[2]ᵀ}_{(1×128)}",
    correction: "A^{[1]ᵀ}_{(1×128)}: ∂Z^{[2]}/∂W^{[2]} brings in A^{[1]}, listed as (128 × 1) a " +
      "line above (A^{[2]ᵀ} would be 1 × 64)",
    kind: "wrong label",
  },
  {
    id: "e001-10",
    doc: "001",
    section: "Backward Propagation › ∂L/∂b[1]",
    anchor: BACKWARD_001,
    needle: "Finally for b2,",
    printed: "“Finally for b2”, then ∂L/∂b^{[1]} = …",
    correction: "“Finally for b1”: the formula below it is ∂L/∂b^{[1]} (b2 was done before)",
    kind: "wrong label",
  },
  {
    id: "e001-11",
    doc: "001",
    section: "Activation Function › Sigmoid",
    anchor: "### Sigmoid",
    needle: "\\frac{1}{1 + \\exp^{-x}}",
    printed: "σ(x) = 1 / (1 + exp^{−x})",
    correction: "1 / (1 + e^{−x}), or 1 / (1 + exp(−x))",
    kind: "typo",
  },
  {
    id: "e001-12",
    doc: "001",
    section: "Forward Propagation › Softmax",
    anchor: SOFTMAX_001,
    needle: "it only contains either 0 or 1",
    printed: "the output (10 × 1) for an input “only contains either 0 or 1”, a single 1",
    correction: "that is the one-hot target y; the network's output A^{[3]} = softmax(Z^{[3]}) " +
      "has every entry in (0, 1), summing to 1, as the section itself says a few lines below",
    kind: "wrong label",
  },
  {
    id: "e001-13",
    doc: "001",
    section: "Backward Propagation › ∂A[3]/∂Z[3], case 1 and case 2",
    anchor: BACKWARD_001,
    needle: "= \\frac{e^{z_i}\\sum{e^{z_k}}}{(\\sum{e^{z_i}})^2}",
    printed:
      "= e^{zᵢ}Σe^{zₖ} / (Σe^{zᵢ})², then aᵢ = e^{zᵢ}/Σe^{zᵢ} (and −e^{zᵢ}e^{zⱼ}/(Σe^{zᵢ})² in case 2)",
    correction: "(Σₖ e^{zₖ})² and aᵢ = e^{zᵢ}/Σₖ e^{zₖ}: the sum needs its own index; the free i " +
      "inside its own sum makes Σ e^{zᵢ} a multiple of one term, not the softmax denominator",
    kind: "wrong index",
  },
  {
    id: "e001-14",
    doc: "001",
    section: "Forward Propagation › Softmax",
    anchor: SOFTMAX_001,
    needle: "implying that 5 is the expected output",
    printed:
      "the highest probability at the “5th position”, “implying that 5 is the expected output”",
    correction: "the 5th position is digit 4: the ten positions stand for the digits 0 … 9 (the " +
      "section's own y of a 2 has its 1 in the 3rd position)",
    kind: "off-by-one",
  },
  {
    id: "e001-15",
    doc: "001",
    section: "Activation Function",
    anchor: "### Activation Function",
    needle:
      "The activation function constraints the output range of a neuron to a specific interval",
    printed:
      "“The activation function constraints the output range of a neuron to a specific interval”",
    correction:
      "not every activation bounds its output: ReLU, listed below it, has range [0, ∞); " +
      "what an activation adds is non-linearity, without which the layers compose to one linear map",
    kind: "false claim",
  },
  {
    id: "e002-1",
    doc: "002",
    section: "§1.5 Derivative of costs relative to the activation of previous layer",
    anchor: "### 1.5 Derivative of costs relative to the activation of previous layer",
    needle:
      "\\frac{ \\partial C_0 }{ \\partial b^{(L)} } = 2( a^{(L)}-y) \\sigma' (z^{(L)}) w^{(L)}",
    printed: "∂C₀/∂b^{(L)} = 2(a^{(L)} − y) σ′(z^{(L)}) w^{(L)}",
    correction: "∂C₀/∂a^{(L−1)} = 2(a^{(L)} − y) σ′(z^{(L)}) w^{(L)}: the section's subject (the " +
      "line above); ∂C₀/∂b^{(L)} (§1.4) has no factor w^{(L)}",
    kind: "wrong label",
  },
  {
    id: "e002-2",
    doc: "002",
    section: "§2.6.1 ∂C/∂w^L, chain rule view",
    anchor: "### 2.6.1",
    needle: "z^L_i = \\sum_j w^L_{ij} a^{L-1}_j + b^l_i",
    printed: "z^L_i = Σⱼ w^L_{ij} a^{L−1}_j + b^l_i ⇒ ∂z^L_i/∂w^L_{ij} = a^{L−1}_j",
    correction:
      "z^L_i = Σₖ w^L_{ik} a^{L−1}_k + b^L_i: the sum's index j is the free j of w_{ij} " +
      "(and the bias belongs to layer L, not l)",
    kind: "wrong index",
  },
  {
    id: "e002-3",
    doc: "002",
    section: "§2.6.1 ∂C/∂w^L, matrix form",
    anchor: "### 2.6.1",
    needle: "We have $m-1$ neuron in the layer $L-1$",
    printed: "“We have m−1 neuron in the layer L−1”",
    correction: "m neurons (indices 0 … m − 1), as §2.1 says",
    kind: "off-by-one",
  },
  {
    id: "e002-4",
    doc: "002",
    section: "§2.4.1 ∂c₀/∂a_k^(L−1)",
    anchor: "### 2.4.1",
    needle: "w_{j,k}^{(L)}\\times a^{(L-1)}_{k}+b_{j}$",
    printed: "z_j^{(L)} = w_{j,0}a₀ + ⋯ + w_{j,i}aᵢ + ⋯ + w_{j,k}a_k + b_j",
    correction: "⋯ + w_{j,k}a_k + ⋯ + w_{j,m−1}a_{m−1} + b_j: k is any input, not the last (the " +
      "text's own Σ_{i=0}^{m−1} a few lines below)",
    kind: "wrong index",
  },
  {
    id: "e002-5",
    doc: "002",
    section: "Reminder (after §5), (W^(L))ᵀ",
    anchor: REMINDER_002,
    needle: "w_{0,1}^{(L)} &w_{1,1}^{(L)} & \\cdots &w_{1,n-1}^{(L)}",
    printed:
      "(W^{(L)})ᵀ rows [w_{0,1}, w_{1,1}, ⋯, w_{1,n−1}] and [w_{0,m−1}, w_{m−1,1}, ⋯, w_{m−1,n−1}]",
    correction:
      "[w_{0,1}, w_{1,1}, ⋯, w_{n−1,1}] and [w_{0,m−1}, w_{1,m−1}, ⋯, w_{n−1,m−1}]: entry " +
      "(r, c) of Wᵀ is w_{c,r}; printed twice (the definition and ∂c/∂W^{(L−1)})",
    kind: "index order",
  },
  {
    id: "e002-6",
    doc: "002",
    section: "Reminder (after §5), ∂c₀/∂w_jk^(L−1)",
    anchor: REMINDER_002,
    needle: "w_{jk}^{(L-1)}} = a_{k}^{(L-2)} \\sum_{i=0}^{n-1} \\delta^{(L)}_{i}w_{ij}^{(L)}=",
    printed:
      "∂c₀/∂w_{jk}^{(L−1)} = a_k^{(L−2)} Σᵢ δᵢ^{(L)} w_{ij}^{(L)} = ((W^{(L)}_{(0:n−1,j)})ᵀ δ^{(L)}) σ′(z_j^{(L−1)}) a_k^{(L−2)}",
    correction:
      "a_k^{(L−2)} σ′(z_j^{(L−1)}) Σᵢ δᵢ^{(L)} w_{ij}^{(L)}: the middle expression drops " +
      "σ′(z_j^{(L−1)}), which the line before and the expression after have",
    kind: "missing factor",
  },
  {
    id: "e002-7",
    doc: "002",
    section: "Reminder (after §5), ∂c/∂W^(L−1)",
    anchor: REMINDER_002,
    needle: "\\end{bmatrix}_{p \\times 1}",
    printed: "[a₀^{(L−2)} a₁^{(L−2)} … a_{p−1}^{(L−2)}]_{p×1}",
    correction:
      "1 × p: it is the row (a^{(L−2)})ᵀ, which makes the product with the m × 1 column " +
      "m × p like W^{(L−1)}",
    kind: "dimension claim",
  },
  {
    id: "e002-8",
    doc: "002",
    section: "Reminder (after §5), δ_k^(L−1)",
    anchor: DELTA_002,
    needle: "\\sigma(z_k^{(L) - 1})",
    printed: "z_j^{(L)} = Σₖ w_{jk}^{(L)} σ(z_k^{(L) − 1}) + b_j^{(L)}",
    correction: "σ(z_k^{(L−1)})",
    kind: "typo",
  },
  {
    id: "e002-9",
    doc: "002",
    section: "Reminder (after §5), δ_k^(L−1)",
    anchor: DELTA_002,
    needle: "(\\delta_j^{(L)} w_{jK}^{(L)})\\sigma'(z_{K}^{(L-1)})",
    printed:
      "δ_k^{(L−1)} = Σⱼ δⱼ^{(L)} ∂zⱼ^{(L)}/∂z_K^{(L−1)} = Σⱼ (δⱼ^{(L)} w_{jK}^{(L)}) σ′(z_K^{(L−1)})",
    correction: "one index on both sides: δ_k^{(L−1)} = Σⱼ δⱼ^{(L)} w_{jk}^{(L)} σ′(z_k^{(L−1)})",
    kind: "wrong index",
  },
  {
    id: "e002-10",
    doc: "002",
    section: "Unstable Gradient: Vanishing and Explosion Gradient",
    anchor: "## Unstable Gradient: Vanishing and Explosion Gradient",
    needle: "\\frac{\\sigma(x)}{\\partial x}",
    printed: "σ(x)/∂x = σ(x)(1 − σ(x))",
    correction: "∂σ(x)/∂x = σ(x)(1 − σ(x))",
    kind: "typo",
  },
  {
    id: "e002-11",
    doc: "002",
    section: "§2.5.1 δ^L, the error term at the output layer",
    anchor: OUTPUT_002,
    needle: "Again, this is also a **vector**, not a matrix or Jacobian here",
    printed: "∂aᴸ/∂zᴸ = σ(zᴸ) ⊙ (1 − σ(zᴸ)) ∈ ℝ^{2×1}, “a vector, not a matrix or Jacobian” (and " +
      "∂aᴸ/∂zᴸ ∈ ℝ^{2×1} in its Final Summary)",
    correction: "∂aᴸ/∂zᴸ is the n_L × n_L diagonal Jacobian, as the same section and its summary " +
      "table say; σ′(zᴸ) ∈ ℝ^{2×1} is the vector of its diagonal, which the Hadamard product uses",
    kind: "dimension claim",
  },
  {
    id: "e002-12",
    doc: "002",
    section: "§2.5.1 δ^L, the error term at the output layer",
    anchor: OUTPUT_002,
    needle: "For scalar-valued functions, like the MSE loss:",
    printed: "“the MSE loss: C = ½‖aᴸ − y‖²” (and “mean squared error” in §3.2)",
    correction: "½‖a − y‖² is half the sum of squared errors; the mean squared error is " +
      "(1/n_L) Σᵢ (aᵢ − yᵢ)², whose gradient is (2/n_L)(a − y), not a − y",
    kind: "wrong label",
  },
  {
    id: "e002-13",
    doc: "002",
    section: "§2.5.1, equation (1)",
    anchor: OUTPUT_002,
    needle:
      "&= 2(\\textbf{a}^{(L)}-\\textbf{y}) \\odot \\sigma^{\\prime}(\\textbf{z}^{(L)})\\tag{1}",
    printed: "δ^{(L)} = 2(a^{(L)} − y) ⊙ σ′(z^{(L)}) (1), the output-layer equation the notes " +
      "say to use (after equations (4)–(6))",
    correction: EQ1_CORRECTION,
    kind: "convention",
  },
  {
    id: "e002-14",
    doc: "002",
    section: "§2.6.1 ∂C/∂w^L, matrix form",
    anchor: "### 2.6.1",
    needle: "=\\delta_{j}^{(L)} \\textbf{a}^{(L-1)}$",
    printed: "∂c/∂w_j^{(L)} = (δⱼa₀^{(L−1)}, …, δⱼa_{m−1}^{(L−1)}) = δⱼ^{(L)} a^{(L−1)}",
    correction: "δⱼ^{(L)} (a^{(L−1)})ᵀ: the tuple is row j of ∂c/∂W^{(L)} and a^{(L−1)} is a " +
      "column (m × 1); equation (3) just below has the transpose",
    kind: "transpose",
  },
  {
    id: "e002-15",
    doc: "002",
    section: "§2 Backpropagation for a multi neuron layer",
    anchor: "# 2. Backpropagation for a multi neuron layer",
    needle: "The subscript indicate which layer of neuron it is",
    printed: "“The subscript indicate which layer of neuron it is”",
    correction:
      "the subscript numbers the neuron within its layer; the superscript (L) names the " +
      "layer, as the two examples below it show (a₀^{(L−1)}: first neuron in layer L − 1)",
    kind: "wrong label",
  },
  {
    id: "e002-16",
    doc: "002",
    section: "§2.4 (second): the error relative to the activation in the previous layers",
    anchor: "# 2. Backpropagation for a multi neuron layer",
    needle: "### 2.4 The error relative to the changes of activation in the previous layers",
    printed:
      "“2.4 The error relative to the changes of activation …”, with §2.4.1 and §2.4.2, after §2.6.2",
    correction:
      "2.7 (2.7.1, 2.7.2): §2.4 is already “δⱼ^{(L)}: The error of neuron j in layer L”; " +
      "the project cites these parts by their titles",
    kind: "wrong label",
  },
  {
    id: "e003-1",
    doc: "003",
    section: "Notation and Structure",
    anchor: "Notation and Structure:",
    needle: "w_{1,0}^{(1)} a_1^{(0)} + \\cdots + w_{n_1,0}^{(1)} a_{n_1}^{(0)}",
    printed:
      "a₀^{(1)} = σ(w_{0,0}^{(1)}a₀^{(0)} + w_{1,0}^{(1)}a₁^{(0)} + ⋯ + w_{n₁,0}^{(1)}a_{n₁}^{(0)} + b₀^{(1)})",
    correction:
      "w_{0,i}^{(1)} aᵢ^{(0)}: the weight into neuron 0 from input i, as the document's " +
      "own later w_{j,i} (Σᵢ w_{j,i} aᵢ) has it; the matrix beside it has the same swap (row 0 = " +
      "[w_{0,0}, w_{1,0}, ⋯])",
    kind: "index order",
  },
  {
    id: "e003-2",
    doc: "003",
    section: "Notation and Structure",
    anchor: "Notation and Structure:",
    needle: "$\\vec{a}^{(0)}$ is $(n_1 + 1) \\times 1$",
    printed:
      "a^{(0)} is (n₁ + 1) × 1; W^{(1)} is (n₂ + 1) × (n₁ + 1); b^{(1)}, a^{(1)} are (n₂ + 1) × 1",
    correction: "layer 0 has n₀ neurons and layer 1 has n₁ (the lines above): a^{(0)} is n₀ × 1, " +
      "W^{(1)} is n₁ × n₀, b^{(1)} and a^{(1)} are n₁ × 1, and the input sum ends at a_{n₀−1}^{(0)}, " +
      "not a_{n₁}^{(0)}",
    kind: "dimension claim",
  },
  {
    id: "e003-3",
    doc: "003",
    section: "Notation and Structure › Generalizing",
    anchor: "Generalizing:",
    needle: "$n_k + 1$ neurons in layer k",
    printed:
      "n_k + 1 neurons in layer k; a^{(k)} is (n_k + 1) × 1; W^{(k+1)} is (n_{k+1} + 1) × (n_k + 1)",
    correction:
      "n_k neurons in layer k (indices 0 … n_k − 1), as the first lines and every later " +
      "section count them (Σ_{i=0}^{n_{k−1}−1}, δ^{(ℓ)} of shape n_ℓ × 1)",
    kind: "off-by-one",
  },
  {
    id: "e003-4",
    doc: "003",
    section: GENERALIZED_003,
    anchor: GENERALIZED_003,
    needle: "Let the k^{th} layer have n_{k-1} neurons",
    printed: "“Let the k-th layer have n_{k−1} neurons”",
    correction: "n_k neurons: the cost just below sums j = 0 … n_L − 1 over layer L",
    kind: "off-by-one",
  },
  {
    id: "e003-5",
    doc: "003",
    section: GENERALIZED_003,
    anchor: GENERALIZED_003,
    needle:
      "\\frac{\\partial C_0}{\\partial b_i^{(L-1)}} = \\sum_{j=0}^{n_L-1} \\sum_{i=0}^{n_{L-1}-1}",
    printed:
      "∂C₀/∂b_i^{(L−1)} = Σ_{j=0}^{n_L−1} Σ_{i=0}^{n_{L−1}−1} ∂C₀/∂a_j^{(L)} ⋯ ∂z_i^{(L−1)}/∂b_i^{(L−1)}",
    correction: "no sum over i, the free index of bᵢ: ∂C₀/∂b_i^{(L−1)} = Σⱼ ∂C₀/∂a_j^{(L)} · " +
      "σ′(z_j^{(L)}) · w_{ji}^{(L)} · σ′(z_i^{(L−1)})",
    kind: "wrong index",
  },
  {
    id: "e003-6",
    doc: "003",
    section: "Recursive Formula for δ (Backward Pass)",
    anchor: "Recursive Formula for δ (Backward Pass)",
    needle: "S_a^{[\\ell]} = \\frac{\\partial C_0}{\\partial z_a^{(\\ell)}}",
    printed: "S_a^{[ℓ]} = ∂C₀/∂z_a^{(ℓ)} = Σₖ …",
    correction: "δ_a^{(ℓ)} = ∂C₀/∂z_a^{(ℓ)}: the error the section defines and its next lines use",
    kind: "wrong label",
  },
  {
    id: "e003-7",
    doc: "003",
    section: MATRIX_DELTA_003,
    anchor: MATRIX_DELTA_003,
    needle:
      "\\delta_1^{(\\ell)} = \\delta_1^{(\\ell+1)} w_{1,1}^{(\\ell+1)} + \\delta_2^{(\\ell+1)} w_{2,1}^{(\\ell+1)}",
    printed:
      "δ₁^{(ℓ)} = δ₁^{(ℓ+1)}w_{1,1}^{(ℓ+1)} + δ₂^{(ℓ+1)}w_{2,1}^{(ℓ+1)} + ⋯ + δ_{n_{ℓ+1}−1}^{(ℓ+1)}w_{n_{ℓ+1}−1,1}^{(ℓ+1)}",
    correction:
      "(Σₖ δₖ^{(ℓ+1)} w_{k,1}^{(ℓ+1)}) · σ′(z₁^{(ℓ)}): the factor σ′(z₁^{(ℓ)}) is missing " +
      "(and σ′(z₂^{(ℓ)}) in the δ₂ line), though the δ_a formula above and the matrix form below have it",
    kind: "missing factor",
  },
  {
    id: "e003-8",
    doc: "003",
    section: MATRIX_DELTA_003,
    anchor: MATRIX_DELTA_003,
    needle: "\\delta_2^{(\\ell)} = \\delta_1^{(\\ell+1)} w_{1,2}^{(\\ell+1)}",
    printed:
      "δ₂^{(ℓ)} = δ₁^{(ℓ+1)}w_{1,2}^{(ℓ+1)} + δ₂^{(ℓ+1)}w_{2,2}^{(ℓ+1)} + ⋯ (and likewise δ₁^{(ℓ)})",
    correction: "the sum starts at k = 0: the term δ₀^{(ℓ+1)}w_{0,2}^{(ℓ+1)} is missing (neurons " +
      "are numbered from 0, as in Σ_{k=0}^{n_{ℓ+1}−1} just above)",
    kind: "off-by-one",
  },
];

/** Claims that look wrong but were checked and hold. */
export const CHECKED_CLAIMS: readonly CheckedClaim[] = [
  {
    doc: "000",
    section: "Back-Propagation › Cross Entropy (Loss) → Probability Distribution (T4)",
    anchor: "### Cross Entropy (Loss) → Probability Distribution (T4)",
    needle: "-\\tfrac{y_{[i,j]}}{N\\cdot T_{4[i,j]}}",
    claim: "∂Loss/∂T₄[i,j] = −y[i,j] / (N·T₄[i,j])",
    reason: "right for the batch-mean loss −(1/N) Σᵢ Σₖ y[i,k] log T₄[i,k]",
  },
  {
    doc: "000",
    section: "Back-Propagation › Cross Entropy (Loss) → Logits (T3) (Direct Jump)",
    anchor: DIRECT_000,
    needle: "\\tfrac{y_{[i,j]}}{N\\cdot T_{4[i,j]}} T_{4[i,j]}(T_{4[i,k]})",
    claim: "the j ≠ k case is written without the minus signs of −y/(N·T₄) and −T₄[i,j]T₄[i,k]",
    reason: "the two signs cancel: the product y[i,j]·T₄[i,k]/N is right",
  },
  {
    doc: "001",
    section: "Backward Propagation › softmax derivative, case 1",
    anchor: BACKWARD_001,
    needle:
      "Case\\;1: j = i \\\\ \\frac{\\partial}{\\partial{z_i}}(\\frac{e^{z_i}}{e^{z_i} + \\sum_{k \\ne j}{e^{z_k}}})",
    claim: "case 1 (j = i) writes the denominator as e^{zᵢ} + Σ_{k≠j} e^{zₖ}",
    reason: "with j = i, k ≠ j is k ≠ i: the denominator is Σₖ e^{zₖ}, as the next lines use",
  },
  {
    doc: "001",
    section: "Backward Propagation › ∂L/∂W[1], shapes",
    anchor: BACKWARD_001,
    needle: "X^T_{(1 \\times 784)}",
    claim:
      "W^{[2]ᵀ}_{128×64}[…]_{(64×1)} ∘ ReLU′(Z^{[1]})_{128×1} Xᵀ_{(1×784)} has shape (128 × 784)",
    reason: "right: (128 × 1)(1 × 784)",
  },
  {
    doc: "002",
    section: "§2.5.1 δ^L, the error term at the output layer",
    anchor: "### 2.5.1",
    needle: "\\delta^L = \\left( \\frac{\\partial C}{\\partial a^L} \\right)^T \\cdot " +
      "\\left( \\frac{\\partial a^L}{\\partial z^L} \\right)",
    claim: "δ^L = (∂C/∂a^L)ᵀ · ∂a^L/∂z^L, which “would become” δ^L = J·v",
    reason: "the first is the 1 × n_L row, the second the n_L × 1 column; they are transposes of " +
      "each other because the Jacobian J is diagonal, which is the section's own point (§2.5.1, " +
      "“The Two Worlds”)",
  },
  {
    doc: "003",
    section: GENERALIZED_003,
    anchor: GENERALIZED_003,
    needle:
      "\\frac{\\partial C_0}{\\partial w_{ab}^{(L-1)}} = \\sum_{j=0}^{n_L-1} \\sum_{i=0}^{n_{L-1}-1}",
    claim: "∂C₀/∂w_{ab}^{(L−1)} sums over every i of layer L − 1",
    reason:
      "right, if roundabout: ∂z_i^{(L−1)}/∂w_{ab}^{(L−1)} is 0 unless i = a (unlike the bias " +
      "formula, where i is also the free index)",
  },
  {
    doc: "003",
    section: "Softmax + Cross Entropy Derivative (Full Expression)",
    anchor: "Softmax + Cross Entropy Derivative (Full Expression)",
    needle: "\\frac{\\partial C}{\\partial z_i} = A_i - y_i",
    claim: "Σⱼ (−yⱼ/Aⱼ)·∂Aⱼ/∂zᵢ “simplifies to” Aᵢ − yᵢ, with no condition on y",
    reason: "right for the one-hot Y the section assumes: the sum is Aᵢ Σⱼ yⱼ − yᵢ, which is " +
      "Aᵢ − yᵢ only when Σⱼ yⱼ = 1 (the cases of statement softmax_ce_needs_sum_one show the rest)",
  },
  {
    doc: "003",
    section: "Backpropagation Derivations Used in Code",
    anchor: "Backpropagation Derivations Used in Code",
    needle: "\\delta^{[3]} = A^{[3]} - Y \\quad (10 \\times n)",
    claim:
      "δ^{[3]} = A^{[3]} − Y (10 × n), then ∂C/∂W^{[3]} = (1/n) δ^{[3]}(A^{[2]})ᵀ and ∂C/∂b^{[3]} = (1/n) Σ δ^{[3]}",
    reason: "right: δ is per sample, the gradients are of the batch mean (the 1/n is not lost)",
  },
];
