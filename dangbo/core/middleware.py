import uuid

from dangbo.core import context


class RequestIdMiddleware:
    """Gives each request an id that every audit entry written during it carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.request_id.set(uuid.uuid4().hex[:16])
        try:
            return self.get_response(request)
        finally:
            context.request_id.reset(token)
