import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage, CursorPage } from '@atlas/platform';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyIdParams, ApiKeyPage, ApiKeyResponse, ApiKeysQuery, CreateApiKeyBody, CreatedApiKeyResponse } from './dto/api-key.dto';
import { ProblemDetails, RequiresPermission } from './endpoint-permission';

@ApiTags('api-keys')
@ProblemDetails()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @RequiresPermission('api-keys:manage', 'Create an API key (the key is in this response only)')
  @ApiResponse({ status: 201, type: CreatedApiKeyResponse })
  @ApiResponse({ status: 400, description: 'validation_failed or expiry_invalid' })
  create(@Caller() caller: ApiKeyCaller, @Body() body: CreateApiKeyBody): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(caller, body);
  }

  @Get()
  @ApiCursorPage()
  @RequiresPermission('api-keys:manage', 'List API keys, revoked ones included, never the keys themselves ({items, nextCursor}; ?sort=createdAt|-createdAt)')
  @ApiResponse({ status: 200, type: ApiKeyPage })
  list(@Query() query: ApiKeysQuery): Promise<CursorPage<ApiKeyResponse>> {
    return this.apiKeys.list(query);
  }

  @Delete(':id')
  @RequiresPermission('api-keys:manage', 'Revoke an API key (it stops working at once)')
  @ApiResponse({ status: 200, type: ApiKeyResponse })
  @ApiResponse({ status: 404, description: 'api_key_not_found' })
  revoke(@Caller() caller: ApiKeyCaller, @Param() params: ApiKeyIdParams): Promise<ApiKeyResponse> {
    return this.apiKeys.revoke(caller, params.id);
  }
}
