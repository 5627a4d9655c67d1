from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from . import selectors


@login_required
def dashboard(request):
    return render(
        request, "appeals/dashboard.html", selectors.dashboard_for(user=request.user)
    )


@login_required
def appeal_list(request):
    appeals = selectors.appeals_for(user=request.user)
    return render(request, "appeals/appeal_list.html", {"appeals": appeals})


@login_required
def detail(request, pk):
    appeal = get_object_or_404(selectors.appeals_for(user=request.user), pk=pk)
    return render(request, "appeals/detail.html", {"appeal": appeal})
