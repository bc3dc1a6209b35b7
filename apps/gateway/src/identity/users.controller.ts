import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage, CursorPage } from '@atlas/platform';
import { CreateUserBody, UserIdParams, UserPage, UserResponse, UsersQuery } from './dto/user.dto';
import { ProblemDetails, RequiresPermission } from './endpoint-permission';
import { UsersService } from './users.service';

@ApiTags('users')
@ProblemDetails()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequiresPermission('users:manage', 'Create a user')
  @ApiResponse({ status: 201, type: UserResponse })
  @ApiResponse({ status: 409, description: 'user_exists' })
  create(@Caller() caller: ApiKeyCaller, @Body() body: CreateUserBody): Promise<UserResponse> {
    return this.users.create(caller, body);
  }

  @Get()
  @ApiCursorPage()
  @RequiresPermission('users:manage', 'List users ({items, nextCursor}; ?sort=createdAt (default)|-createdAt)')
  @ApiResponse({ status: 200, type: UserPage })
  list(@Query() query: UsersQuery): Promise<CursorPage<UserResponse>> {
    return this.users.list(query);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequiresPermission('users:manage', 'Disable a user and end their sessions')
  @ApiResponse({ status: 200, type: UserResponse })
  @ApiResponse({ status: 404, description: 'user_not_found' })
  @ApiResponse({ status: 409, description: 'cannot_disable_self' })
  disable(@Caller() caller: ApiKeyCaller, @Param() params: UserIdParams): Promise<UserResponse> {
    return this.users.disable(caller, params.id);
  }
}
