app_name = "helpboard"

urlpatterns: list = []
