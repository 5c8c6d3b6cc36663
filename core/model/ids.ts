// The identifiers of the contract (accountId, userId, removalId, resourceId, toUserId, tokenId):
// 1–100 characters of letters, digits and . _ : @ -, everywhere they enter — HTTP, the workflow's
// input, tokens — so no id can outgrow DynamoDB's key limits or carry anything else.
import * as z from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9._:@-]+$/;

export const IdSchema = z.string().min(1).max(100).regex(ID_PATTERN, 'letters, digits and . _ : @ - only');
