"""Possible duplicates: the list, one pair side by side, and a merge's undo."""

from django.urls import path

from safepassage.duplicates import views

app_name = "duplicates"

urlpatterns = [
    path("", views.DuplicateListView.as_view(), name="list"),
    path("<int:pk>/", views.PairReviewView.as_view(), name="review"),
    path("merges/<int:pk>/undo/", views.MergeUndoView.as_view(), name="undo"),
]
