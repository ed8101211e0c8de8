from django.http import HttpResponse


def import_view(request):  # replaced by the XLSX import work
    return HttpResponse("")


def template_view(request):
    return HttpResponse("")
