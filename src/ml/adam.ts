import * as tf from '@tensorflow/tfjs';

/**
 * Adam as scikit-learn's MLP runs it (beta1 0.9, beta2 0.999, epsilon 1e-8, the bias correction folded
 * into the step size), over all variables at once: the gradients are joined into one vector, so a step
 * costs about forty kernels instead of about eighty for tfjs's per-variable Adam.
 */
export class FlatAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private t = 0;
  private readonly sizes: number[];

  constructor(
    private readonly vars: tf.Variable[],
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.sizes = vars.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  /** Applies one step; `grads[i]` is the gradient of `vars[i]`. Call inside tf.tidy. */
  apply(grads: tf.Tensor[]): void {
    this.t++;
    const step = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    const g = tf.concat(grads.map((grad) => tf.reshape(grad, [-1])));
    this.m.assign(tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1)));
    this.v.assign(tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
    const update = tf.div(tf.mul(this.m, step), tf.add(tf.sqrt(this.v), this.epsilon));
    tf.split(update, this.sizes).forEach((piece, i) => {
      const variable = this.vars[i]!;
      variable.assign(tf.sub(variable, tf.reshape(piece, variable.shape)));
    });
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
