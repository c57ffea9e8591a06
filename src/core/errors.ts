/** Errors caused by the user's input. The CLI prints their message and exits non-zero, no stack. */
export class SsganError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A data file is missing, truncated or not in the format its loader reads. */
export class DatasetFormatError extends SsganError {
  constructor(readonly file: string, readonly fault: string) {
    super(`${file}: ${fault}`);
  }
}

/** A command-line flag, preset or config value is wrong. */
export class ConfigError extends SsganError {}

/** A plugin folder could not be loaded. */
export class PluginError extends SsganError {
  constructor(readonly plugin: string, fault: string) {
    super(`plugin ${plugin}: ${fault}`);
  }
}

/**
 * A loader's data breaks the dataset contract (src/core/contracts.ts): names the plugin (once the
 * framework knows it), the dataset and the field at fault.
 */
export class DatasetContractError extends DatasetFormatError {
  constructor(readonly dataset: string, readonly field: string, readonly problem: string, readonly plugin?: string) {
    super(plugin === undefined ? `dataset '${dataset}'` : `plugin ${plugin}: dataset '${dataset}'`, `field '${field}' ${problem}`);
  }

  /** The same fault, naming the plugin whose loader returned the data. */
  inPlugin(plugin: string): DatasetContractError {
    return new DatasetContractError(this.dataset, this.field, this.problem, plugin);
  }
}
