/**
 * The losses of the K+1-class GAN (Salimans et al. 2016). The "generated" class has its logit
 * fixed at 0, so with Z(x) = sum_k exp(l_k(x)) the discriminator's real-probability is
 * D(x) = Z / (Z + 1) = sigmoid(logsumexp(l)), and every loss is written in logsumexp form.
 */
import * as tf from '@tensorflow/tfjs';

/** log sum_k exp(l_k) per row, stable for logits of any magnitude. */
export function logSumExp(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.logSumExp(logits, 1) as tf.Tensor1D;
}

/** Softmax cross-entropy over the K real classes: mean(logsumexp(l) - l_y). */
export function supervisedLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, numClasses)), 1);
    return tf.mean(tf.sub(logSumExp(logits), picked)) as tf.Scalar;
  });
}

/**
 * The unsupervised part: real images should look real, generated ones generated.
 * L = -0.5 a mean(lse(xu)) + 0.5 mean(softplus(lse(xu))) + 0.5 mean(softplus(lse(xg))),
 * which is 0.5 * binary cross-entropy of D(x) = sigmoid(lse) with target `realTarget` (a) for
 * real and 0 for generated; a < 1 is one-sided label smoothing.
 */
export function kPlusOneUnsupervisedLoss(unlabeledLogits: tf.Tensor2D, generatedLogits: tf.Tensor2D, realTarget = 1): tf.Scalar {
  return tf.tidy(() => {
    const lseReal = logSumExp(unlabeledLogits);
    const lseFake = logSumExp(generatedLogits);
    const real = tf.mean(tf.sub(tf.softplus(lseReal), tf.mul(lseReal, realTarget)));
    const fake = tf.mean(tf.softplus(lseFake));
    return tf.mul(0.5, tf.add(real, fake)) as tf.Scalar;
  });
}

export type FeatureDistance = 'squared' | 'absolute';

/**
 * Feature matching: the distance between the mean features of real and generated batches,
 * averaged over features (squared error for the MNIST model, absolute for the conv models).
 */
export function featureMatchingLoss(realFeatures: tf.Tensor2D, generatedFeatures: tf.Tensor2D, distance: FeatureDistance): tf.Scalar {
  return tf.tidy(() => {
    const diff = tf.sub(tf.mean(generatedFeatures, 0), tf.mean(realFeatures, 0));
    return tf.mean(distance === 'squared' ? tf.square(diff) : tf.abs(diff)) as tf.Scalar;
  });
}

/** Fraction of rows whose argmax over the K logits differs from the label. */
export function classificationError(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.notEqual(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar);
}
