export const USER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
export const USER_ID_MESSAGE = 'userId must be 1-128 characters of letters, digits and . _ : @ -';
