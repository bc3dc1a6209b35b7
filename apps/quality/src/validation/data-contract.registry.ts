import { Injectable, Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { QualityEnvironment } from '../quality-environment';
import { DataContract, loadDataContracts } from './data-contract';

/** Contracts are read once at start-up; a contract file that is not valid ODCS stops the service. */
@Injectable()
export class DataContractRegistry {
  private readonly logger = new Logger(DataContractRegistry.name);
  private readonly contracts: Map<string, DataContract>;

  constructor(environment: QualityEnvironment) {
    const directory = resolve(environment.QUALITY_CONTRACTS_DIR);
    this.contracts = loadDataContracts(directory);
    this.logger.log(`Loaded ${this.contracts.size} data contract(s) from ${directory}`);
  }

  forSource(sourceId: string): DataContract | undefined {
    return this.contracts.get(sourceId);
  }
}
