from rest_framework.pagination import PageNumberPagination


class V1Pagination(PageNumberPagination):
    """?page=N&page_size=M; the size is capped so one request cannot ask for the whole table."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
