/**
 * Where the framework receives a loader's result: every dataset is loaded through `loadDataset`.
 * A contract fault (data/dataset-contract.ts) comes out naming the plugin whose loader it came
 * from, the dataset and the field.
 */
import type { Dataset, DatasetLoadOptions } from '../core/contracts';
import { DatasetContractError } from '../core/errors';
import type { Registry } from '../core/registry';
import { checkDataset } from './dataset-contract';

/** The dataset `name` of the registry, loaded with `options`. */
export async function loadDataset(registry: Registry, name: string, options: DatasetLoadOptions): Promise<Dataset> {
  const loader = registry.dataset(name);
  const plugin = registry.pluginOf('datasets', name);
  try {
    const dataset = await loader.load(options);
    checkDataset(dataset);
    return dataset;
  } catch (err) {
    // assembleDataset inside the loader, and checkDataset, know the dataset but not its plugin.
    if (err instanceof DatasetContractError && err.plugin === undefined && plugin !== undefined) throw err.inPlugin(plugin);
    throw err;
  }
}
