"""GraphQL of notices (通知公告), notifications (the bell) and their file endpoints."""
