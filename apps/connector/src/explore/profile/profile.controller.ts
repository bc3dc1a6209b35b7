import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContractSuggestion } from './contract-suggestion';
import { ColumnHintsResponse, ProfileParams, ProfileQuery, RunProfileResponse } from './profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/v1')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get('sources/:sourceId/profile')
  @ApiResponse({ status: 200, type: RunProfileResponse, description: 'Per top-level field: types, null rate, distinct estimate, ranges, top values (no raw personal value)' })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  find(@Param() params: ProfileParams, @Query() query: ProfileQuery): Promise<RunProfileResponse> {
    return this.profiles.find(params.sourceId, query.runId);
  }

  @Get('sources/:sourceId/profile/contract-suggestion')
  @ApiResponse({ status: 200, description: 'A draft ODCS v3.1 contract read off the profile: logical types, required, unique, a primary key; review before activating' })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  contractSuggestion(@Param() params: ProfileParams, @Query() query: ProfileQuery): Promise<ContractSuggestion> {
    return this.profiles.suggestContract(params.sourceId, query.runId);
  }

  @Get('sources/:sourceId/profile/column-hints')
  @ApiResponse({ status: 200, type: ColumnHintsResponse, description: "Fields whose profile shows a personal kind (e-mail, URL, IP address, date, phone number), from patterns and types only: hints for pii-detection" })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  columnHints(@Param() params: ProfileParams, @Query() query: ProfileQuery): Promise<ColumnHintsResponse> {
    return this.profiles.columnHints(params.sourceId, query.runId);
  }
}
