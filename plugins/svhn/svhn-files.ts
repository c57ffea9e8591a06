/** Names of the official SVHN cropped-digit files. */
export const SVHN_FILES = { train: 'train_32x32.mat', test: 'test_32x32.mat', extra: 'extra_32x32.mat' } as const;
