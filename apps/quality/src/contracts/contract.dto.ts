import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class ContractParams {
  @ApiProperty({ example: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', description: 'The ODCS `id` of the contract' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'contractId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  contractId: string;
}

export class ContractVersionParams extends ContractParams {
  @ApiProperty({ example: '1.0.0', description: 'The ODCS `version` of the contract' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, { message: 'version must be 1-64 letters, digits, ".", "_", "+" or "-"' })
  version: string;
}

export class ContractSourceParams {
  @ApiProperty({ example: 'orders', description: 'The Atlas source the contract governs' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'sourceId must be 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit' })
  sourceId: string;
}

/** Documentation only: the body is an ODCS v3.1 document, validated against the official JSON Schema. */
export class OdcsContractBody {
  @ApiProperty({ example: 'v3.1.0' }) apiVersion: string;
  @ApiProperty({ example: 'DataContract' }) kind: string;
  @ApiProperty({ example: 'orders-contract' }) id: string;
  @ApiProperty({ example: '1.1.0' }) version: string;
  @ApiProperty({ example: 'active' }) status: string;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    example: [{ name: 'orders', properties: [{ name: 'amount', logicalType: 'number', required: true, logicalTypeOptions: { minimum: 0 } }] }],
    description: 'Each schema object governs the Atlas source of its name',
  })
  schema?: object[];
}

export class DryRunBody {
  @ApiProperty({ type: 'array', items: { type: 'object' }, maxItems: 1000, example: [{ amount: -1 }] })
  records: object[];

  @ApiPropertyOptional({ example: 'orders', description: 'The schema object to judge the records with; needed when the contract has several' })
  sourceId?: string;
}
